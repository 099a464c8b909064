// One sync round between this phone's association book and the server: push what this person
// recorded, then pull what is new after the last seq seen. Every step is safe to cut at any point
// and to repeat: pushed ops carry their client-made ids (the server answers `exists` to a retry),
// an op is marked synced only on `created` or `exists`, and the pull cursor moves only after a
// page is stored, so the next round resumes where this one stopped without loss or duplicates.
import { todayInLima } from '$lib/ops/business-date';
import { applyHistoryPage } from '$lib/store/apply-history';
import { applyRemote } from '$lib/store/apply-remote';
import { foregroundIdle } from '$lib/store/foreground';
import { db as defaultDb } from '$lib/store/db';
import { metaKeys, readMeta } from '$lib/store/meta';
import type { AyniDatabase, StoredOp } from '$lib/store/schema';
import {
	bookAssociationId,
	endBackfill,
	readBackfill,
	readLastPullView,
	readPullCursor,
	setRecordingActor,
	startBackfill,
	takeFirstAccount,
	writeBackfill,
	writeLastPullView,
	writePullCursor,
	type Backfill
} from '$lib/store/sync-meta';
import {
	claimUnownedOps,
	markOpsRejected,
	markOpsSynced,
	pendingOpsOf
} from '$lib/store/sync-queue';
import type { Role } from './account-client';
import { pullFraction } from './pull-progress';
import type { PullAnswer, PullRequest, SyncTransport, TransportResult } from './sync-transport';

/** DESIGN.md section 5: the server takes at most 1000 ops per push. */
export const pushBatchOps = 1000;
/**
 * Pages of the most the server gives (DESIGN.md section 5): on a slow link each page costs a round
 * trip, and a new phone pulls hundreds of thousands of ops. They are stored 1000 to a transaction.
 */
export const pullPageOps = 5000;

export interface SyncAccount {
	userId: string;
	associationId: string;
	role: Role;
}

export interface SyncCounts {
	pushed: number;
	/** Refused by a rule (or a reused id with another body): now shown on the sync page. */
	rejected: number;
	pulled: number;
	/** Ops recorded with no account, put under this person's name before pushing. */
	claimed: number;
}

export type SyncFailure =
	| { reason: 'offline' }
	/** The session ended (401) or the association no longer lets this person in (403/404). */
	| { reason: 'session_required' | 'access_refused'; error: string }
	/** This phone holds another association's book: nothing is pushed or pulled. */
	| { reason: 'book_mismatch'; bookAssociationId: string }
	| { reason: 'storage_full' | 'write_failed'; message: string }
	/** The server sent ops this phone refuses to store; the pull cursor does not move past them. */
	| { reason: 'pull_refused'; codes: string[] }
	| { reason: 'server_refused'; status: number; error: string };

export type SyncOutcome = ({ ok: true } & SyncCounts) | ({ ok: false } & SyncFailure & SyncCounts);

export interface SyncProgress {
	/** `history`: the running period is stored and usable; earlier dates are arriving. */
	phase: 'push' | 'pull' | 'history';
	/** Ops handled so far in this phase. */
	done: number;
	/** Estimated share of the pull done, 0…1 (the server does not say how many ops remain). */
	fraction?: number;
}

export interface SyncOnceOptions {
	account: SyncAccount;
	transport: SyncTransport;
	db?: AyniDatabase;
	now?: () => number;
	onProgress?: (progress: SyncProgress) => void;
	/**
	 * Whether `account` is still the person logged in on this page. A log-out or another person's
	 * log-in during the round stops it before it names the recorder, pushes a batch or moves the
	 * pull cursor: those belong to the new person's round.
	 */
	isCurrent?: () => boolean;
}

/** The round's person is no longer the one logged in (see `isCurrent`). */
const sessionChanged: SyncFailure = { reason: 'session_required', error: 'session_changed' };

export async function syncOnce({
	account,
	transport,
	db = defaultDb,
	now = Date.now,
	onProgress,
	isCurrent = () => true
}: SyncOnceOptions): Promise<SyncOutcome> {
	const counts: SyncCounts = { pushed: 0, rejected: 0, pulled: 0, claimed: 0 };
	const fail = (failure: SyncFailure): SyncOutcome => ({ ok: false, ...failure, ...counts });

	const book = await bookAssociationId({ db });
	if (book && book !== account.associationId) {
		return fail({ reason: 'book_mismatch', bookAssociationId: book });
	}
	if (!isCurrent()) return fail(sessionChanged);
	// From now on what is recorded here is this person's; what nobody owned is theirs if they are
	// the phone's first account (they kept the book before connecting it).
	await setRecordingActor({ userId: account.userId, db });
	if (await takeFirstAccount({ userId: account.userId, db })) {
		counts.claimed = await claimUnownedOps({ userId: account.userId, db });
	}

	if (account.role !== 'member') {
		const pushed = await pushPending({ account, transport, db, counts, onProgress, isCurrent });
		if (pushed) return fail(pushed);
	}
	const pulled = await pullNew({ account, transport, db, counts, now, onProgress, isCurrent });
	if (pulled) return fail(pulled);
	return { ok: true, ...counts };
}

interface StepInput {
	account: SyncAccount;
	transport: SyncTransport;
	db: AyniDatabase;
	counts: SyncCounts;
	onProgress?: (progress: SyncProgress) => void;
	isCurrent: () => boolean;
}

/**
 * Refusals that say the session is not the person the round started for (the round took its
 * account from this tab's state, the cookie is shared by every tab): never a verdict on the op.
 */
const staleSessionReasons: ReadonlySet<string> = new Set([
	'actor_must_be_caller',
	'association_must_match_caller'
]);

/** Pushes this person's pending ops, oldest first, 1000 at a time. Undefined when all went. */
async function pushPending({
	account,
	transport,
	db,
	counts,
	onProgress,
	isCurrent
}: StepInput): Promise<SyncFailure | undefined> {
	const deviceId = await readMeta<string>(db, metaKeys.deviceId);
	if (!deviceId) return undefined; // Nothing was ever recorded on this phone.
	for (;;) {
		if (!isCurrent()) return sessionChanged;
		const batch = await pendingOpsOf({ actorId: account.userId, limit: pushBatchOps, db });
		if (batch.length === 0) return undefined;
		const answer = await transport.push({
			associationId: account.associationId,
			deviceId,
			ops: batch.map(envelopeOf)
		});
		if (!answer.ok) return failureOf(answer);
		const sent = new Set(batch.map((op) => op.id));
		const synced: { id: string; seq?: number }[] = [];
		const refused: { id: string; reason: string }[] = [];
		let staleSession = false;
		for (const result of answer.value.results) {
			if (result.id === null || !sent.has(result.id)) continue;
			if (result.status === 'created' || result.status === 'exists') {
				synced.push(
					result.seq === undefined ? { id: result.id } : { id: result.id, seq: result.seq }
				);
			} else if (result.status === 'rejected' && staleSessionReasons.has(result.reason ?? '')) {
				// The cookie now belongs to someone else (another tab logged in as another person):
				// the op is fine, the round is not. It stays pending for its owner.
				staleSession = true;
			} else if (result.status === 'rejected') {
				refused.push({ id: result.id, reason: result.reason ?? 'rejected' });
			} else {
				// The server holds another fact under this id: ours is not in the association's book.
				refused.push({ id: result.id, reason: 'exists_with_different_body' });
			}
		}
		try {
			await markOpsSynced(synced, { db });
			await markOpsRejected(refused, { db });
		} catch (error) {
			return { reason: 'write_failed', message: String(error) };
		}
		counts.pushed += synced.length;
		counts.rejected += refused.length;
		onProgress?.({ phase: 'push', done: counts.pushed + counts.rejected });
		if (staleSession) return sessionChanged;
		// An answer that settled none of the batch would send the same batch forever.
		if (synced.length + refused.length === 0 || batch.length < pushBatchOps) return undefined;
	}
}

/** Where a view stands: its cursor, and the two parts of its first pull while they last. */
interface ViewState {
	view: string | undefined;
	cursor: number;
	backfill: Backfill | undefined;
}

type Segment = 'recent' | 'forward' | 'history';

/**
 * Pulls this person's view into the store. A view never pulled takes its ops up to the server's
 * head in two parts (docs/sync.md, "A new phone"): the running period and the socios first, so that
 * the period's figures are usable while the history arrives; then what is new after head; then the
 * history. Every part resumes where a cut round left it. Undefined when up to date.
 */
async function pullNew(input: StepInput & { now: () => number }): Promise<SyncFailure | undefined> {
	const { account, db, isCurrent } = input;
	const { associationId, userId } = account;
	// The view the server paged for this person last time (a socio's is theirs alone); the board
	// sees everything. The first answer says which view it served, and that view's state is used.
	const lastView = await readLastPullView({ userId, db });
	const knownView = lastView !== undefined;
	let state = await viewState(
		associationId,
		lastView ?? (account.role === 'member' ? undefined : 'all'),
		db
	);
	const done = new Set<Segment>();
	let viewChanged = false;
	let viewChecked = false;
	let answered: Answered | undefined;
	for (;;) {
		const { cursor, backfill } = state;
		const recentDue = backfill ? !backfill.recentDone : cursor === 0;
		const segment: Segment | undefined =
			recentDue && !done.has('recent')
				? 'recent'
				: !done.has('forward')
					? 'forward'
					: backfill && !done.has('history')
						? 'history'
						: undefined;
		if (!segment) return undefined;
		const ran = await pullSegment(input, segment, state, !viewChecked, answered);
		answered = undefined;
		if ('failure' in ran) return ran.failure;
		if (!viewChecked && !('served' in ran) && state.view !== undefined && !knownView) {
			// Kept for the pages that ask whether this person's view is whole (historyArriving).
			await writeLastPullView({ userId, view: state.view, db });
		}
		viewChecked = true;
		if ('served' in ran) {
			// Another view than expected (a new role, or the association changed its transparency):
			// its own state applies. Asked again from there once; a second change waits a round.
			if (viewChanged) return sessionChanged;
			viewChanged = true;
			await writeLastPullView({ userId, view: ran.served, db });
			state = await viewState(associationId, ran.served, db);
			answered = ran.answered;
			continue;
		}
		if (!isCurrent()) return sessionChanged;
		if (ran.stalled) return undefined;
		done.add(segment);
		state = await viewState(associationId, state.view, db);
	}
}

async function viewState(
	associationId: string,
	view: string | undefined,
	db: AyniDatabase
): Promise<ViewState> {
	if (view === undefined) return { view, cursor: 0, backfill: undefined };
	const [cursor, backfill] = await Promise.all([
		readPullCursor({ associationId, view, db }),
		readBackfill({ associationId, view, db })
	]);
	return { view, cursor, backfill };
}

/** An answer and the request it answers, reused when the served view asks the same. */
interface Answered {
	request: string;
	answer: TransportResult<PullAnswer>;
}

type SegmentRun =
	| { failure: SyncFailure }
	/** The first answer came from another view: nothing of it was stored. */
	| { served: string; answered: Answered }
	/** Done; `stalled` when the server said more but gave nothing new (asked again next round). */
	| { stalled: boolean };

/** Pulls the pages of one segment into the store, moving its cursor after each stored page. */
async function pullSegment(
	{ account, transport, db, counts, now, onProgress, isCurrent }: StepInput & { now: () => number },
	segment: Segment,
	state: ViewState,
	checkView: boolean,
	answered?: Answered
): Promise<SegmentRun> {
	const { associationId, userId } = account;
	let { backfill } = state;
	let after =
		segment === 'forward'
			? state.cursor
			: segment === 'recent'
				? (backfill?.recentAfter ?? 0)
				: (backfill?.historyAfter ?? 0);
	// A first recent request lets the server choose head and since; every later page names them,
	// or the server would choose again (a period starting meanwhile would move since).
	let part: Pick<PullRequest, 'part' | 'since' | 'head'> =
		segment === 'forward'
			? {}
			: backfill
				? { part: segment, since: backfill.since, head: backfill.head }
				: { part: segment };
	const today = todayInLima(now());
	let firstDate = segment === 'forward' ? undefined : backfill?.since;
	/**
	 * Pages asked for, by the seq they start after. The wire is kept busy: the next page is asked
	 * for as soon as a page's headers say where it starts, while fewer than two pages travel and
	 * fewer than three wait to be stored, so the server prepares it and the phone stores earlier
	 * pages while the wire carries later ones.
	 */
	const asked = new Map<number, Promise<TransportResult<PullAnswer>>>();
	let traveling = 0;
	/** Where the next page starts, heard from headers but not asked for yet. */
	let heard: number | undefined;
	let reading = true;
	const askHeard = () => {
		if (heard === undefined || !reading || traveling >= 2 || asked.size >= 3) return;
		void ask(heard);
	};
	const ask = (from: number): Promise<TransportResult<PullAnswer>> => {
		if (heard === from) heard = undefined;
		const known = asked.get(from);
		if (known) return known;
		traveling += 1;
		const answer = transport.pull(
			{ associationId, after: from, limit: pullPageOps, userId, ...part },
			{
				onHeaders: ({ next, more }) => {
					// A first recent page's answer names head and since; later pages must name them.
					const named = part.part === undefined || part.head !== undefined;
					if (named && more && next > from && !asked.has(next)) {
						heard = next;
						askHeard();
					}
				}
			}
		);
		asked.set(from, answer);
		// Arrived, it makes room for the next; failed, it asks for none (the round ends on it). A
		// page asked for ahead and then dropped must not surface as an unhandled rejection.
		void answer.then(
			(result) => {
				traveling -= 1;
				if (result.ok) askHeard();
			},
			() => {
				traveling -= 1;
			}
		);
		return answer;
	};
	async function readPages(): Promise<SegmentRun> {
		const first = JSON.stringify({ after, ...part });
		let request = answered?.request === first ? Promise.resolve(answered.answer) : ask(after);
		for (;;) {
			const answer = await request;
			asked.delete(after);
			if (!answer.ok) return { failure: failureOf(answer) };
			askHeard();
			const { ops, next, more, view: served = 'all', head, since } = answer.value;
			if (served !== state.view) {
				if (checkView) return { served, answered: { request: first, answer } };
				return { failure: sessionChanged };
			}
			checkView = false;
			if ((head === undefined) !== (since === undefined)) {
				return {
					failure: { reason: 'server_refused', status: 200, error: 'part_must_name_head_and_since' }
				};
			}
			// A server from before the two parts answers the whole log (no head); an empty log needs none.
			const plain = segment === 'forward' || (!backfill && (head === undefined || head === 0));
			if (segment === 'recent' && !backfill && !plain) part = { part: segment, since, head };
			// The next page travels while this one is stored. If this one fails, its answer is dropped
			// unread; the cursor only ever moves past pages that were stored.
			if (more && next > after) request = ask(next);
			// Whether the log is empty, asked before the first page of a new phone is stored.
			const freshBook =
				segment === 'recent' && !backfill && !plain ? (await db.ops.count()) === 0 : undefined;
			// A new phone packs what it pulls first (history-packs.ts): the history, and the recent
			// part's days before today (today's sheet reads rows only).
			const packs = !plain && (backfill ? backfill.packed === true : freshBook === true);
			const packed = segment === 'history' && packs ? backfill : undefined;
			const applied = !packs
				? await applyRemote(ops, {
						status: 'synced',
						db,
						now,
						// The history is background work: a page the person opened reads first.
						beforeBatch: segment === 'history' ? foregroundIdle : undefined
					})
				: await applyHistoryPage(ops, {
						db,
						now,
						after,
						...(packed
							? {
									beforeBatch: foregroundIdle,
									// Where the history stands moves with the page it stored, in one transaction.
									inTransaction: async () => {
										if (!isCurrent()) return;
										if (!more) await endBackfill({ view: served, db });
										else {
											const historyAfter = Math.max(after, next);
											await writeBackfill({
												view: served,
												backfill: { ...packed, historyAfter },
												db
											});
										}
									}
								}
							: { packBefore: today })
					});
			// A revived op changes the book as a new one does: the pages on screen must reload. Counted
			// before a failure too: the batches before it are stored.
			counts.pulled += applied.applied + applied.revived;
			if (!applied.ok) return { failure: { reason: applied.code, message: applied.message } };
			if (applied.refused.some((item) => item.errors.some(isOtherBook))) {
				const book = (await bookAssociationId({ db })) ?? '';
				return { failure: { reason: 'book_mismatch', bookAssociationId: book } };
			}
			if (applied.refused.length > 0) {
				// An op this phone cannot take (its clock is far behind, or the app is older than the
				// server's ops): the cursor stays, so the page is asked for again once that is fixed.
				const codes = applied.refused.flatMap((item) => item.errors.map((error) => error.code));
				return { failure: { reason: 'pull_refused', codes: [...new Set(codes)] } };
			}
			// A page that does not move forward would be asked for forever.
			if (more && next <= after) return { stalled: true };
			// Stored, and harmless (every op in it is the book's), but perhaps paged for someone else.
			if (!isCurrent()) return { failure: sessionChanged };
			const view = served;
			after = Math.max(after, next);
			if (plain) {
				if (next > state.cursor) await writePullCursor({ associationId, after, view, db });
			} else if (segment === 'recent') {
				const started = backfill === undefined;
				backfill = {
					associationId,
					head: backfill?.head ?? (head as number),
					since: backfill?.since ?? (since as string),
					recentAfter: after,
					recentDone: !more,
					historyAfter: backfill?.historyAfter ?? 0,
					packed: packs
				};
				if (started) await startBackfill({ view, backfill, db });
				else await writeBackfill({ view, backfill, db });
			} else if (segment === 'history' && backfill && more) {
				backfill = { ...backfill, historyAfter: after };
				if (!packed) await writeBackfill({ view, backfill, db });
			} else if (segment === 'history' && !packed) {
				// The history's last page: the view is whole up to its cursor.
				await endBackfill({ view, db });
			}
			firstDate ??= dateOf(ops[0]);
			// Once the recent part is stored the book is usable, and the bar follows the history.
			const arriving = backfill?.recentDone ? backfill : undefined;
			onProgress?.({
				phase: arriving ? 'history' : 'pull',
				done: counts.pulled,
				fraction: shareDone({
					segment,
					more,
					arriving,
					firstDate,
					lastDate: dateOf(ops.at(-1)),
					today
				})
			});
			if (!more) return { stalled: false };
		}
	}

	try {
		return await readPages();
	} finally {
		// Pages asked for ahead of a segment that ended are dropped, and ask for no more.
		reading = false;
	}
}

/** For the progress bar: of the history once the book is usable, else of the pull by dates. */
function shareDone({
	segment,
	more,
	arriving,
	firstDate,
	lastDate,
	today
}: {
	segment: Segment;
	more: boolean;
	arriving: Backfill | undefined;
	firstDate: string | undefined;
	lastDate: string | undefined;
	today: string;
}): number {
	if (!more && (segment === 'history' || !arriving)) return 1;
	if (arriving) return Math.min(0.99, arriving.historyAfter / Math.max(1, arriving.head));
	return pullFraction({ firstDate, lastDate, today });
}

function isOtherBook(error: { code: string }): boolean {
	return error.code === 'association_must_match_book';
}

function dateOf(op: unknown): string | undefined {
	const date = (op as { date?: unknown } | undefined)?.date;
	return typeof date === 'string' ? date : undefined;
}

/** The op as the wire contract has it: the phone's own bookkeeping stays on the phone. */
function envelopeOf(op: StoredOp): unknown {
	const { status: _status, rejectReason: _reason, seq: _seq, ...envelope } = op;
	return envelope;
}

function failureOf(answer: Exclude<TransportResult<unknown>, { ok: true }>): SyncFailure {
	if (answer.offline) return { reason: 'offline' };
	if (answer.status === 401) return { reason: 'session_required', error: answer.error };
	if (answer.error === 'user_must_be_caller') return sessionChanged;
	if (answer.status === 403 || answer.status === 404) {
		return { reason: 'access_refused', error: answer.error };
	}
	return { reason: 'server_refused', status: answer.status, error: answer.error };
}
