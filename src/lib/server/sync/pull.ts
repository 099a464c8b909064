// GET /api/sync/pull (DESIGN.md section 5): the ops a caller may see after a seq, in seq order and
// in pages. Because pushes hand out seqs under the association's row lock and commit before the
// next push can take it, seqs become visible in order, so paging by "after the last seq I saw"
// never skips an op. Read-only: a pull can be repeated or cut off at any point.
import { and, asc, desc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { associationPayloads } from '$lib/domain/op-payloads';
import type { Db } from '../db/database';
import { ops } from '../db/schema';
import { roleSeesEverything, type Caller } from './caller';
import { opFromRow, type StoredOp } from './stored-op';
import { syncFailure, type SyncResponse } from './sync-response';

export const maxPullLimit = 5000;
export const defaultPullLimit = 1000;

/** What every member sees: the association's rules and prices, and which months are closed. */
export const associationWideTypes = [
	'association.configured',
	'price.set',
	'period.closed',
	'period.reopened'
];

/** Voids name their target op instead of a member; a member sees the voids of their own ops. */
const voidTypes = Object.keys(associationPayloads).filter((type) => type.endsWith('.voided'));

export interface PullResponse {
	ops: StoredOp[];
	/** The seq to ask for next (`after=next`); the same as `after` when nothing was returned. */
	next: number;
	more: boolean;
	/**
	 * Which ops these pages are chosen from: `all`, `member:<memberId>` (a socio's own and the
	 * association-wide ones) or `wide` (association-wide only). A phone keeps one cursor per view:
	 * `next` means nothing for another view.
	 */
	view: string;
}

export async function pullOps({
	db,
	caller,
	associationId,
	after,
	limit,
	userId
}: {
	db: Db;
	caller: Caller;
	/** The association the request names; it must be the caller's. */
	associationId: unknown;
	/**
	 * Whom the phone pulls for (optional): the session cookie is shared by a browser's tabs, and a
	 * page of another person's view, stored as this one's, would hide ops from it for good.
	 */
	userId?: unknown;
	/** From the query string: a whole number ≥ 0 (default 0). */
	after: unknown;
	/** From the query string: 1 … 5000 (default 1000). */
	limit: unknown;
}): Promise<SyncResponse<PullResponse>> {
	if (associationId !== caller.associationId) {
		return syncFailure(403, 'association_must_match_caller');
	}
	if (userId !== undefined && userId !== null && userId !== caller.userId) {
		return syncFailure(409, 'user_must_be_caller');
	}
	const afterSeq = wholeNumber(after, 0);
	if (afterSeq === undefined) return syncFailure(400, 'after_must_be_a_whole_number');
	const pageSize = wholeNumber(limit, defaultPullLimit);
	if (pageSize === undefined || pageSize < 1 || pageSize > maxPullLimit) {
		return syncFailure(400, 'limit_must_be_1_to_5000');
	}

	const { view, filter } = await visibilityOf(db, caller);
	const rows = await db
		.select()
		.from(ops)
		.where(and(eq(ops.associationId, caller.associationId), gt(ops.seq, afterSeq), filter))
		.orderBy(asc(ops.seq))
		// One row more than asked tells whether another page follows without a count.
		.limit(pageSize + 1);
	const page = rows.slice(0, pageSize);
	return {
		status: 200,
		body: {
			ops: page.map(opFromRow),
			next: page.at(-1)?.seq ?? afterSeq,
			more: rows.length > pageSize,
			view
		}
	};
}

/**
 * The caller's view and its rows. A member reads association-wide ops, ops whose payload names
 * their socio, and the voids of those ops (found through the voided op, since a void names only
 * its target); with full transparency, chosen in the association's latest configuration, they
 * read everything, as the board does.
 */
async function visibilityOf(
	db: Db,
	caller: Caller
): Promise<{ view: string; filter: SQL | undefined }> {
	if (roleSeesEverything(caller.role)) return { view: 'all', filter: undefined };
	if (await transparencyIsFull(db, caller.associationId)) return { view: 'all', filter: undefined };
	const wide = inArray(ops.type, associationWideTypes);
	if (!caller.memberId) return { view: 'wide', filter: wide };
	// Through the unique (association_id, id) index: one lookup per void, never a scan.
	const ownVoid = and(
		inArray(ops.type, voidTypes),
		sql`exists (select 1 from ${ops} as target where target.association_id = ${ops.associationId}
			and target.id = coalesce(${ops.payload}->>'deliveryId', ${ops.payload}->>'targetId')::uuid
			and target.payload->>'memberId' = ${caller.memberId})`
	);
	return {
		view: `member:${caller.memberId}`,
		filter: or(wide, sql`${ops.payload}->>'memberId' = ${caller.memberId}`, ownVoid)
	};
}

/** Settings are last-writer-wins by HLC on every phone (DESIGN.md section 2); so here too. */
async function transparencyIsFull(db: Db, associationId: string): Promise<boolean> {
	const [latest] = await db
		.select({ transparency: sql<string | null>`${ops.payload}->>'transparency'` })
		.from(ops)
		.where(and(eq(ops.associationId, associationId), eq(ops.type, 'association.configured')))
		.orderBy(desc(ops.hlc), desc(ops.id))
		.limit(1);
	return latest?.transparency === 'full';
}

function wholeNumber(value: unknown, fallback: number): number | undefined {
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'number')
		return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
	if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
	return undefined;
}
