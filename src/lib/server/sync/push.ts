// POST /api/sync/push (DESIGN.md section 5): a phone hands over the ops it recorded offline and
// learns, op by op, which are now safely on the server. Every check that needs no database runs
// first; then, under the association's row lock, the ops are compared with what is stored and
// the period locks, given their `seq`, and written in one transaction.
//
// Offline and retries: the client makes every op's id and reuses it on every retry, so a batch may
// arrive any number of times, whole or in part, and each op is stored at most once. A retry of a
// stored op answers `exists` (safe to mark synced); a different body under a stored id answers
// `exists_with_different_body` and changes nothing. If the transaction fails, nothing of the batch
// is stored and the client retries it; if the answer is lost after the commit, the retry gets
// `exists` for each op.
import { and, eq, inArray, sql } from 'drizzle-orm';
import * as z from 'zod/mini';
import { uuidText } from '$lib/domain/wire-values';
import { parseOp, type CatalogOp } from '$lib/ops/catalog';
import { deviceIdText } from '$lib/ops/envelope';
import { fieldErrorsFromZod, type FieldError } from '$lib/ops/field-errors';
import { hlcMaxDriftMs, parseHlc } from '$lib/ops/hlc';
import { appendAudit, opAuditEvent } from '../audit/audit-log';
import type { Db } from '../db/database';
import { associations, ops } from '../db/schema';
import { opBodyHash } from './body-hash';
import { roleAllowsType, roleMayPush, type Caller } from './caller';
import { syncFailure, type SyncResponse } from './sync-response';

export const maxOpsPerPush = 1000;
/** Enough to fix a form; a fuzzed op must not make the answer larger than the request. */
const maxFieldErrors = 20;

/** The batch's outer shape; each op is validated on its own so one bad op rejects only itself. */
export const pushBodySchema = z.strictObject({
	associationId: uuidText,
	deviceId: deviceIdText,
	ops: z.array(z.unknown()).check(z.maxLength(maxOpsPerPush, 'ops_must_not_exceed_1000'))
});

export type PushRejection =
	| 'payload_must_match_schema'
	| 'scope_must_be_association'
	| 'association_must_match_caller'
	| 'actor_must_be_caller'
	| 'role_must_allow_type'
	| 'hlc_must_not_be_ahead'
	| 'period_must_be_open'
	| 'period_must_be_closed';

export type PushResult =
	| { id: string; status: 'created' | 'exists'; seq: number }
	| { id: string; status: 'exists_with_different_body' }
	| { id: string | null; status: 'rejected'; reason: PushRejection; fields?: FieldError[] };

export interface PushResponse {
	/** One result per op, in the order the ops were sent. */
	results: PushResult[];
}

const periodMarkTypes = ['period.closed', 'period.reopened'];

/** An op that passed every check the database is not needed for. */
interface CheckedOp {
	op: CatalogOp;
	bodyHash: string;
	/** A rule that refuses the op only if it is new: a stored op's retry still answers `exists`. */
	newOpRejection?: PushRejection;
}

type Checked = { rejected: PushResult } | { checked: CheckedOp };

export async function pushOps({
	db,
	caller,
	body,
	ip = null,
	now = Date.now
}: {
	db: Db;
	caller: Caller;
	/** The parsed JSON body, not yet trusted in any way. */
	body: unknown;
	/** The client's address, for the audit rows of payments and closes. */
	ip?: string | null;
	now?: () => number;
}): Promise<SyncResponse<PushResponse>> {
	const batch = pushBodySchema.safeParse(body);
	if (!batch.success) {
		return syncFailure(
			400,
			'body_must_match_schema',
			fieldErrorsFromZod(batch.error.issues).slice(0, maxFieldErrors)
		);
	}
	if (batch.data.associationId !== caller.associationId) {
		return syncFailure(403, 'association_must_match_caller');
	}
	if (!roleMayPush(caller.role)) return syncFailure(403, 'role_must_allow_push');

	const nowMs = now();
	const checked = batch.data.ops.map((input) => checkOp(input, caller, nowMs));
	const candidates = checked.flatMap((item) => ('checked' in item ? [item.checked] : []));
	if (candidates.length === 0) {
		const results = checked.flatMap((item) => ('rejected' in item ? [item.rejected] : []));
		return { status: 200, body: { results } };
	}

	// After this point every op has passed the stateless checks; what remains depends on the
	// stored log and is decided under the association's lock.
	const results = await db.transaction(async (tx) => {
		// The row lock serialises pushes per association until commit, so seqs are handed out and
		// become visible in order: a pull that sees seq n can never later find a smaller one.
		const [association] = await tx
			.select({ lastSeq: associations.opsLastSeq })
			.from(associations)
			.where(eq(associations.id, caller.associationId))
			.for('update');
		if (!association) return null;

		const stored = await tx
			.select({ id: ops.id, bodyHash: ops.bodyHash, seq: ops.seq })
			.from(ops)
			.where(
				and(
					eq(ops.associationId, caller.associationId),
					inArray(
						ops.id,
						candidates.map(({ op }) => op.id)
					)
				)
			);
		const known = new Map(stored.map((row) => [row.id, row]));
		const closedPeriods = await readClosedPeriods(tx, caller.associationId, candidates);

		let seq = association.lastSeq;
		const rows: (typeof ops.$inferInsert)[] = [];
		const out = checked.map((item): PushResult => {
			if (!('checked' in item)) return item.rejected;
			const { op, bodyHash, newOpRejection } = item.checked;
			const prior = known.get(op.id);
			if (prior) {
				return prior.bodyHash === bodyHash
					? { id: op.id, status: 'exists', seq: prior.seq }
					: { id: op.id, status: 'exists_with_different_body' };
			}
			const rejection = newOpRejection ?? periodRule(op, closedPeriods);
			if (rejection) return { id: op.id, status: 'rejected', reason: rejection };
			seq += 1;
			known.set(op.id, { id: op.id, bodyHash, seq });
			applyPeriodMark(op, closedPeriods);
			rows.push({
				associationId: caller.associationId,
				seq,
				id: op.id,
				type: op.type,
				v: op.v,
				date: op.date,
				hlc: op.hlc,
				deviceId: op.deviceId,
				actorId: op.actorId,
				scope: op.scope,
				payload: op.payload,
				bodyHash,
				receivedAt: new Date(nowMs)
			});
			return { id: op.id, status: 'created', seq };
		});
		if (rows.length > 0) {
			await tx.insert(ops).values(rows);
			await tx
				.update(associations)
				.set({ opsLastSeq: seq })
				.where(eq(associations.id, caller.associationId));
			// Payments and closes are audited in the transaction that stores them: both or neither.
			for (const row of rows) {
				const event = opAuditEvent({
					op: { ...row, associationId: caller.associationId },
					actorUserId: caller.userId,
					ip,
					at: new Date(nowMs)
				});
				if (event) await appendAudit(tx, event);
			}
		}
		return out;
	});
	if (!results) return syncFailure(404, 'association_must_exist');
	return { status: 200, body: { results } };
}

/** Every rule that can be decided from the op and the caller alone. */
function checkOp(input: unknown, caller: Caller, nowMs: number): Checked {
	const id = idOf(input);
	const reject = (reason: PushRejection, fields?: FieldError[]): Checked => ({
		rejected: fields
			? { id, status: 'rejected', reason, fields }
			: { id, status: 'rejected', reason }
	});
	// The producer's private book never leaves the phone; say so rather than "unknown type".
	if (isRecord(input) && input.scope === 'private') return reject('scope_must_be_association');
	const parsed = parseOp(input);
	if (!parsed.ok)
		return reject('payload_must_match_schema', parsed.errors.slice(0, maxFieldErrors));
	const op = parsed.op;
	if (op.associationId !== caller.associationId) return reject('association_must_match_caller');
	// On a shared phone, the next user must not push the previous user's ops under their name.
	if (op.actorId !== caller.userId) return reject('actor_must_be_caller');
	let newOpRejection: PushRejection | undefined;
	if (!roleAllowsType(caller.role, op.type)) newOpRejection = 'role_must_allow_type';
	else if (parseHlc(op.hlc).ms > nowMs + hlcMaxDriftMs) newOpRejection = 'hlc_must_not_be_ahead';
	return { checked: { op, bodyHash: opBodyHash(op), newOpRejection } };
}

function idOf(input: unknown): string | null {
	return isRecord(input) && typeof input.id === 'string' && input.id.length <= 64 ? input.id : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function periodOfDate(date: string): string {
	return date.slice(0, 7);
}

function markedPeriod(op: CatalogOp): string | undefined {
	return op.type === 'period.closed' || op.type === 'period.reopened'
		? op.payload.period
		: undefined;
}

/**
 * The period lock. An op dated in a closed month is refused; the one exception is the admin's
 * `period.reopened`, which is how a month opens again. Closing a closed month or reopening an
 * open one is refused too, so the log's period marks always alternate.
 */
function periodRule(op: CatalogOp, closedPeriods: ReadonlySet<string>): PushRejection | undefined {
	if (op.type === 'period.reopened') {
		return closedPeriods.has(op.payload.period) ? undefined : 'period_must_be_closed';
	}
	if (closedPeriods.has(periodOfDate(op.date))) return 'period_must_be_open';
	if (op.type === 'period.closed' && closedPeriods.has(op.payload.period)) {
		return 'period_must_be_open';
	}
	return undefined;
}

function applyPeriodMark(op: CatalogOp, closedPeriods: Set<string>): void {
	if (op.type === 'period.closed') closedPeriods.add(op.payload.period);
	if (op.type === 'period.reopened') closedPeriods.delete(op.payload.period);
}

/**
 * Which of the periods this batch touches are closed now: the last period mark of each, in seq
 * order. Read inside the push's transaction, under the association's lock, so no concurrent close
 * can slip between this read and the insert.
 */
async function readClosedPeriods(
	tx: Pick<Db, 'select'>,
	associationId: string,
	candidates: readonly CheckedOp[]
): Promise<Set<string>> {
	const periods = new Set<string>();
	for (const { op } of candidates) {
		periods.add(periodOfDate(op.date));
		const marked = markedPeriod(op);
		if (marked) periods.add(marked);
	}
	const periodField = sql<string>`${ops.payload}->>'period'`;
	const marks = await tx
		.select({ type: ops.type, period: periodField })
		.from(ops)
		.where(
			and(
				eq(ops.associationId, associationId),
				inArray(ops.type, periodMarkTypes),
				inArray(periodField, [...periods])
			)
		)
		.orderBy(ops.seq);
	const closed = new Set<string>();
	for (const mark of marks) {
		if (mark.type === 'period.closed') closed.add(mark.period);
		else closed.delete(mark.period);
	}
	return closed;
}
