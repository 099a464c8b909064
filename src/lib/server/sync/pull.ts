// GET /api/sync/pull (DESIGN.md section 5): the ops a caller may see after a seq, in seq order and
// in pages. Because pushes hand out seqs under the association's row lock and commit before the
// next push can take it, seqs become visible in order, so paging by "after the last seq I saw"
// never skips an op. Read-only: a pull can be repeated or cut off at any point.
import {
	and,
	asc,
	desc,
	eq,
	gt,
	gte,
	inArray,
	lt,
	lte,
	notInArray,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { associationPayloads } from '$lib/domain/op-payloads';
import { businessDate } from '$lib/domain/wire-values';
import { associationWideTypes, bookTypes, recentPartSince } from '$lib/ops/pull-parts';
import { associations } from '../db/schema';
import type { Db } from '../db/database';
import { ops } from '../db/schema';
import { roleSeesEverything, type Caller } from './caller';
import { opFromRow, type StoredOp } from './stored-op';
import { syncFailure, type SyncResponse } from './sync-response';

export const maxPullLimit = 5000;
export const defaultPullLimit = 1000;

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
	/** With `part`: the last seq the two parts cover, and the first date of the recent part. */
	head?: number;
	since?: string;
}

/**
 * A new phone's first pull in two parts (docs/sync.md, "A new phone"): `recent`, the ops dated
 * from `since` (the first day of the running settlement period) and the book's rules and socios,
 * so that the period's figures are usable in seconds; then `history`, everything else up to `head`.
 * Together they are exactly the view's ops up to `head`; later ops come by the plain pull after it.
 */
export type PullPart = 'recent' | 'history';

export async function pullOps({
	db,
	caller,
	associationId,
	after,
	limit,
	userId,
	part,
	since,
	head,
	now = Date.now
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
	/** From the query string: `recent`, `history` or absent (every op after `after`). */
	part?: unknown;
	/** The recent part's first date; chosen by the server on a first `recent` request. */
	since?: unknown;
	/** The last seq of the two parts; chosen by the server on a first `recent` request. */
	head?: unknown;
	now?: () => number;
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

	const bounds = await partBounds(db, caller.associationId, {
		part,
		since,
		head,
		now,
		first: afterSeq === 0
	});
	if ('error' in bounds) return syncFailure(400, bounds.error);

	const { view, filter } = await visibilityOf(db, caller);
	const rows = await db
		.select()
		.from(ops)
		.where(
			and(eq(ops.associationId, caller.associationId), gt(ops.seq, afterSeq), filter, bounds.filter)
		)
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
			view,
			...(bounds.part ? { head: bounds.head, since: bounds.since } : {})
		}
	};
}

type PartBounds =
	| { part?: undefined; filter?: undefined }
	| { part: PullPart; head: number; since: string; filter: SQL | undefined }
	| { error: string };

/** The rows of a part, checking what the phone sent or choosing head and since for a new phone. */
async function partBounds(
	db: Db,
	associationId: string,
	query: { part: unknown; since: unknown; head: unknown; now: () => number; first: boolean }
): Promise<PartBounds> {
	const { part } = query;
	if (part === undefined || part === null || part === '') return {};
	if (part !== 'recent' && part !== 'history') return { error: 'part_must_be_recent_or_history' };
	// Only the first page of the recent part may leave them to the server: chosen again for a
	// later page, a period begun meanwhile would move `since` and leave ops in neither part.
	const chosen =
		part === 'recent' && query.first && (query.head ?? '') === '' && (query.since ?? '') === '';
	const head = chosen ? await lastSeq(db, associationId) : wholeNumber(query.head, -1);
	if (head === undefined || head < 0) return { error: 'head_must_be_a_whole_number' };
	const since = chosen ? await runningPeriodStart(db, associationId, query.now) : query.since;
	if (typeof since !== 'string' || !businessDate.safeParse(since).success) {
		return { error: 'since_must_be_a_date' };
	}
	const recent = or(gte(ops.date, since), inArray(ops.type, bookTypes));
	const history = and(lt(ops.date, since), notInArray(ops.type, bookTypes));
	return {
		part,
		head,
		since,
		filter: and(lte(ops.seq, head), part === 'recent' ? recent : history)
	};
}

async function lastSeq(db: Db, associationId: string): Promise<number> {
	const [row] = await db
		.select({ last: associations.opsLastSeq })
		.from(associations)
		.where(eq(associations.id, associationId));
	return row?.last ?? 0;
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

/** The recent part's first date, in the cycle the association configured last. */
async function runningPeriodStart(
	db: Db,
	associationId: string,
	now: () => number
): Promise<string> {
	return recentPartSince((await latestConfiguration(db, associationId))?.settlementCycle, now());
}

async function transparencyIsFull(db: Db, associationId: string): Promise<boolean> {
	return (await latestConfiguration(db, associationId))?.transparency === 'full';
}

/** Settings are last-writer-wins by HLC on every phone (DESIGN.md section 2); so here too. */
async function latestConfiguration(
	db: Db,
	associationId: string
): Promise<{ transparency?: unknown; settlementCycle?: unknown } | undefined> {
	const [latest] = await db
		.select({ payload: ops.payload })
		.from(ops)
		.where(and(eq(ops.associationId, associationId), eq(ops.type, 'association.configured')))
		.orderBy(desc(ops.hlc), desc(ops.id))
		.limit(1);
	return latest?.payload as { transparency?: unknown; settlementCycle?: unknown } | undefined;
}

function wholeNumber(value: unknown, fallback: number): number | undefined {
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'number')
		return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
	if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
	return undefined;
}
