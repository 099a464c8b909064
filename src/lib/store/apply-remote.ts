// Applying ops that were recorded elsewhere: pulled from the association server, or read from a
// backup file. The op id decides: an op already in the log is skipped, so applying the same ops
// twice, in any order or batching, leaves the same log and the same projections.
import { Dexie } from 'dexie';
import { parseOp } from '$lib/ops/catalog';
import { quickCheck } from '$lib/ops/quick-check';
import type { FieldError } from '$lib/ops/field-errors';
import { hlcMaxDriftMs, hlcZero, maxHlc, parseHlc, receiveHlc, type HlcState } from '$lib/ops/hlc';
import { appendOps, sameOpBody } from './append-ops';
import { db as defaultDb } from './db';
import { packedCopies } from './history-packs';
import { isHlcState, metaKeys, writeMeta } from './meta';
import { projectionTablesOf } from './projections/project-ops';
import type { AyniDatabase, OpStatus, StoredOp } from './schema';
import { errorMessage, isStorageFull } from './storage-errors';

/** DESIGN.md section 7: IndexedDB cost is per transaction, so ops are applied 1000 at a time. */
export const applyBatchOps = 1000;

export interface ApplyCounts {
	/** New ops, now in the log and in the projections. */
	applied: number;
	/** Ops already stored with the same body: nothing to do. */
	alreadyStored: number;
	/** Of those, ops this phone had refused that the server holds after all: counted again now. */
	revived: number;
	/** Ids already stored with a different body; the stored op is kept (the id is the fact). */
	differentBody: string[];
	/** Ops not applied, with the rules they break; `index` is the position in the input. */
	refused: { index: number; id?: string; errors: FieldError[] }[];
}

export function emptyCounts(): ApplyCounts {
	return { applied: 0, alreadyStored: 0, revived: 0, differentBody: [], refused: [] };
}

export type ApplyRemoteResult =
	| ({ ok: true } & ApplyCounts)
	/** A batch failed; the batches before it are stored (each one whole), later ones are not. */
	| ({ ok: false; code: 'storage_full' | 'write_failed'; message: string } & ApplyCounts);

export interface ApplyRemoteOptions {
	/** Status of ops that are new here: "synced" for a server pull. */
	status?: OpStatus;
	db?: AyniDatabase;
	now?: () => number;
	onProgress?: (doneOps: number, totalOps: number) => void;
	/** Awaited before each batch: background work lets foreground reads go first (foreground.ts). */
	beforeBatch?: () => Promise<void>;
}

/**
 * Validates and applies ops from elsewhere, one transaction per ≤ 1000 ops. Safe to retry after a
 * failure or a closed tab: what was stored is skipped, what was not is applied. Ops of another
 * association's book, and ops whose clock is more than 24 h ahead of this phone, are refused.
 */
export async function applyRemote(
	input: readonly unknown[],
	{
		status = 'synced',
		db = defaultDb,
		now = Date.now,
		onProgress,
		beforeBatch
	}: ApplyRemoteOptions = {}
): Promise<ApplyRemoteResult> {
	const counts = emptyCounts();
	// Validated batch by batch, so that no single main-thread task checks a whole large pull.
	for (let start = 0; start < input.length; start += applyBatchOps) {
		await beforeBatch?.();
		const { valid, inputIndexes } = validateRemote(input, {
			start,
			end: start + applyBatchOps,
			status,
			nowMs: now(),
			refused: counts.refused
		});
		const result = await applyStoredOps(db, valid, { now });
		addStoredCounts(counts, result, inputIndexes);
		if (result.error) return { ok: false, ...result.error, ...counts };
		onProgress?.(Math.min(start + applyBatchOps, input.length), input.length);
	}
	return { ok: true, ...counts };
}

/**
 * The ops of `input[start, end)` that may be applied, as they will be stored, with their positions
 * in `input`; the others are added to `refused` with the rules they break.
 */
export function validateRemote(
	input: readonly unknown[],
	{
		start,
		end,
		status,
		nowMs,
		refused
	}: {
		start: number;
		end: number;
		status: OpStatus;
		nowMs: number;
		refused: ApplyCounts['refused'];
	}
): { valid: StoredOp[]; inputIndexes: number[] } {
	const valid: StoredOp[] = [];
	const inputIndexes: number[] = [];
	for (let index = start; index < Math.min(end, input.length); index++) {
		const item = input[index];
		// Ops read from JSON: the common ones pass a quick check first (quick-check.ts).
		const quick = quickCheck(item);
		const parsed = quick ? { ok: true as const, op: quick } : parseOp(item);
		if (!parsed.ok) {
			refused.push({ index, id: idOf(item), errors: parsed.errors });
			continue;
		}
		if (parseHlc(parsed.op.hlc).ms > nowMs + hlcMaxDriftMs) {
			refused.push({
				index,
				id: parsed.op.id,
				errors: [{ field: 'hlc', code: 'hlc_must_not_be_more_than_24h_ahead' }]
			});
			continue;
		}
		// Private ops stay "local" whatever the source says: they never go to the server.
		valid.push({ ...parsed.op, status: parsed.op.scope === 'private' ? 'local' : status });
		inputIndexes.push(index);
	}
	return { valid, inputIndexes };
}

function idOf(item: unknown): string | undefined {
	const id = (item as { id?: unknown } | null)?.id;
	return typeof id === 'string' ? id : undefined;
}

/** Adds what `applyStoredOps` did; `positions` gives each op's place in the caller's input. */
export function addStoredCounts(
	counts: ApplyCounts,
	result: StoredOpsResult,
	positions: readonly number[]
): void {
	counts.applied += result.counts.applied;
	counts.alreadyStored += result.counts.alreadyStored;
	counts.revived += result.counts.revived;
	counts.differentBody.push(...result.counts.differentBody);
	for (const refusal of result.refusedByBook) {
		counts.refused.push({ ...refusal, index: positions[refusal.index] ?? refusal.index });
	}
}

interface StoredOpsResult {
	counts: Omit<ApplyCounts, 'refused'>;
	refusedByBook: ApplyCounts['refused'];
	error?: { code: 'storage_full' | 'write_failed'; message: string };
}

/**
 * Applies already validated ops in batches. Used by `applyRemote` and by the backup import, which
 * keeps each op's sync status from the file.
 */
export async function applyStoredOps(
	db: AyniDatabase,
	ops: readonly StoredOp[],
	{
		now = Date.now,
		onProgress
	}: { now?: () => number; onProgress?: (doneOps: number, totalOps: number) => void } = {}
): Promise<StoredOpsResult> {
	const counts: StoredOpsResult['counts'] = {
		applied: 0,
		alreadyStored: 0,
		revived: 0,
		differentBody: []
	};
	const refusedByBook: ApplyCounts['refused'] = [];
	let failure: unknown;
	for (let start = 0; start < ops.length; start += applyBatchOps) {
		const batch = ops.slice(start, start + applyBatchOps);
		// Counted once the batch's transaction committed: a batch rolled back stored nothing.
		const here = { applied: 0, alreadyStored: 0, revived: 0, differentBody: [] as string[] };
		try {
			const tables = projectionTablesOf(batch.map((op) => op.type));
			const packs = ['deliveryPacks', 'ledgerPacks'] as const;
			await db.transaction('rw', ['meta', 'ops', ...packs, ...tables], async () => {
				const [associationId, hlcRow] = await Promise.all([
					bookFor(db, batch),
					db.meta.get(metaKeys.hlc)
				]);
				const ofBook: StoredOp[] = [];
				batch.forEach((op, offset) => {
					if (op.associationId === associationId) ofBook.push(op);
					else {
						refusedByBook.push({
							index: start + offset,
							id: op.id,
							errors: [{ field: 'associationId', code: 'association_must_match_book' }]
						});
					}
				});
				// A new phone's history is packed: an op stored there is stored already.
				const packed = await packedCopies(db, ofBook);
				const { added, existing } = await appendOps(
					db,
					packed.size === 0 ? ofBook : ofBook.filter((op) => !packed.has(op.id))
				);
				for (const incoming of ofBook) {
					const stored = packed.get(incoming.id);
					if (stored) existing.push({ incoming, stored });
				}
				here.applied = added.length;
				const promoted: StoredOp[] = [];
				for (const { incoming, stored } of existing) {
					if (!sameOpBody(incoming, stored)) {
						here.differentBody.push(incoming.id);
						continue;
					}
					here.alreadyStored += 1;
					if (incoming.status !== 'synced') continue;
					// Our own op coming back from the server: it is synced now.
					if (stored.status === 'pending') {
						promoted.push({ ...stored, status: 'synced', ...seqOf(incoming) });
					}
					// Refused when this phone pushed it, yet in the association's book (another phone
					// pushed it once its month was reopened): it counts again, like everyone's copy.
					if (stored.status === 'rejected') {
						const { rejectReason: _reason, ...kept } = stored;
						promoted.push({ ...kept, status: 'synced', ...seqOf(incoming) });
						here.revived += 1;
					}
				}
				if (promoted.length > 0) await db.ops.bulkPut(promoted);
				// Marked in the same transaction: a tab closed before the rebuild below redoes it.
				if (here.revived > 0) await writeMeta(db, metaKeys.projectionsVersion, 'rebuilding');
				await db.meta.put({ key: metaKeys.hlc, value: receiveAll(hlcRow?.value, ofBook, now()) });
			});
		} catch (error) {
			failure = error;
			break;
		}
		counts.applied += here.applied;
		counts.alreadyStored += here.alreadyStored;
		counts.revived += here.revived;
		counts.differentBody.push(...here.differentBody);
		onProgress?.(Math.min(start + applyBatchOps, ops.length), ops.length);
	}
	// Also after a later batch failed: the revived ops are committed, and the projections must
	// count them now rather than at the next opening of the app.
	if (counts.revived > 0) {
		try {
			// Loaded only here, as db.ts does: a rebuild is rare and stays out of the app's chunks.
			const { rebuildProjections } = await import('./rebuild');
			await rebuildProjections(db);
		} catch (error) {
			failure ??= error;
		}
	}
	if (failure === undefined) return { counts, refusedByBook };
	const code = isStorageFull(failure) ? 'storage_full' : 'write_failed';
	return { counts, refusedByBook, error: { code, message: errorMessage(failure) } };
}

function seqOf(op: StoredOp): { seq?: number } {
	return op.seq === undefined ? {} : { seq: op.seq };
}

/**
 * The phone's book; on a phone with no book yet, the book of the first of these ops, which it
 * takes (a restore, a join, a new phone's first pull). Inside a transaction it writes in that one.
 */
export async function bookFor(
	db: AyniDatabase,
	received: readonly StoredOp[]
): Promise<string | undefined> {
	const read = async () => {
		const value = (await db.meta.get(metaKeys.associationId))?.value;
		return typeof value === 'string' ? value : undefined;
	};
	const stored = await read();
	const first = received[0];
	if (stored !== undefined || !first) return stored;
	const take = async () => {
		// Asked again where it is written: another tab may have taken a book meanwhile.
		const again = await read();
		if (again !== undefined) return again;
		await db.meta.put({ key: metaKeys.associationId, value: first.associationId });
		return first.associationId;
	};
	return Dexie.currentTransaction ? take() : db.transaction('rw', db.meta, take);
}

/** The local clock after seeing these ops, so that later local ops sort after all of them. */
export function receiveAll(stored: unknown, ops: readonly StoredOp[], nowMs: number): HlcState {
	const local = isHlcState(stored) ? stored : hlcZero;
	let latest: HlcState | undefined;
	for (const op of ops) {
		const remote = parseHlc(op.hlc);
		latest = latest ? maxHlc(latest, remote) : remote;
	}
	if (!latest) return local;
	const received = receiveHlc(local, latest, nowMs);
	return received.ok ? received.state : local;
}
