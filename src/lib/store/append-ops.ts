// Appending to the op log. The op id is the idempotency key: an op already in the log is never
// written twice and never projected twice, so a retried save, a repeated sync pull or a backup
// imported twice changes nothing.
import { Dexie } from 'dexie';
import { projectOps, voidsOf } from './projections/project-ops';
import type { AyniDatabase, StoredOp } from './schema';

export interface AppendResult {
	/** Ops that were new: appended and projected. */
	added: StoredOp[];
	/** Ops whose id was already in the log, paired with the stored version. */
	existing: { incoming: StoredOp; stored: StoredOp }[];
}

/**
 * Appends ops and projects the new ones. Must run inside a read-write transaction over `ops` and
 * every projection table, so the log and the projections commit together. `bulkAdd` is used
 * instead of reading first: in the common case every op is new and no read is needed; ids that
 * were already stored fail with ConstraintError, which is caught so the transaction goes on.
 */
export async function appendOps(db: AyniDatabase, ops: readonly StoredOp[]): Promise<AppendResult> {
	const { unique, repeats } = uniqueById(ops);
	const duplicatePositions = new Set<number>();
	// The voids are read while the ops are written: one round trip less per save. The voids of ops
	// that turn out to be stored already are read for nothing, and never used. Both are awaited
	// together: a read left running while a failed add is handled loses Dexie's transaction zone.
	const [failure, voids] = await Promise.all([
		db.ops.bulkAdd(unique).then(
			() => undefined,
			(error: unknown) => error
		),
		voidsOf(db, unique)
	]);
	if (failure !== undefined) {
		if (!(failure instanceof Dexie.BulkError)) throw failure;
		for (const [position, error] of Object.entries(failure.failuresByPos)) {
			if (error.name !== 'ConstraintError') throw error;
			duplicatePositions.add(Number(position));
		}
	}
	const added: StoredOp[] = [];
	// An id repeated inside the same call counts as already stored, like one stored before.
	const repeated: StoredOp[] = [...repeats];
	unique.forEach((op, position) => (duplicatePositions.has(position) ? repeated : added).push(op));
	await projectOps(db, added, { voids });
	if (repeated.length === 0) return { added, existing: [] };
	const stored = await db.ops.bulkGet(repeated.map((op) => op.id));
	const existing = repeated.map((incoming, index) => ({
		incoming,
		stored: stored[index] ?? incoming
	}));
	return { added, existing };
}

function uniqueById(ops: readonly StoredOp[]): { unique: StoredOp[]; repeats: StoredOp[] } {
	const seen = new Set<string>();
	const unique: StoredOp[] = [];
	const repeats: StoredOp[] = [];
	for (const op of ops) {
		if (seen.has(op.id)) {
			repeats.push(op);
			continue;
		}
		seen.add(op.id);
		unique.push(op);
	}
	return { unique, repeats };
}

/** The fields that make an op the same fact; sync bookkeeping (status, seq) is left out. */
export function sameOpBody(a: StoredOp, b: StoredOp): boolean {
	return canonicalBody(a) === canonicalBody(b);
}

function canonicalBody(op: StoredOp): string {
	const { status: _status, rejectReason: _reason, seq: _seq, ...body } = op;
	return stableJson(body);
}

/** JSON with object keys sorted, so two equal bodies give the same text. */
export function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, item]) => item !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}
