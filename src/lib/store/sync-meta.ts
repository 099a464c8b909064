// What the sync engine remembers on this phone, in the `meta` table: the last server seq pulled
// for each view of the book, who records the ops made here, and the first account that used the
// phone.
import { db as defaultDb } from './db';
import { metaKeys, readMeta, writeMeta } from './meta';
import type { AyniDatabase } from './schema';

const firstAccountKey = 'firstAccountUserId';

interface PullCursor {
	associationId: string;
	after: number;
}

/**
 * One cursor per view the server pages from (`all` for the board and full transparency,
 * `member:<memberId>` for a socio, `wide`): a socio's pages skip other socios' ops, so their `next`
 * would carry the board's cursor past ops it never received. The cursor of versions before views
 * (`pullCursor`) is not trusted: a socio may have moved it, and pulling again only costs time.
 */
function pullCursorKey(view: string): string {
	return `pullCursor:${view}`;
}

/** The seq after which to pull this view next; 0 for one never pulled (or another association's). */
export async function readPullCursor({
	associationId,
	view,
	db = defaultDb
}: {
	associationId: string;
	view: string;
	db?: AyniDatabase;
}): Promise<number> {
	const cursor = await readMeta<Partial<PullCursor>>(db, pullCursorKey(view));
	if (!cursor || cursor.associationId !== associationId) return 0;
	return Number.isSafeInteger(cursor.after) && (cursor.after ?? -1) >= 0 ? (cursor.after ?? 0) : 0;
}

/** Written only after a page's ops are stored, so a cut pull resumes without missing an op. */
export async function writePullCursor({
	associationId,
	after,
	view,
	db = defaultDb
}: PullCursor & { view: string; db?: AyniDatabase }): Promise<void> {
	await writeMeta(db, pullCursorKey(view), { associationId, after } satisfies PullCursor);
}

/**
 * A new phone's first pull of a view, in two parts (docs/sync.md, "A new phone"): the running
 * period and the book's socios first, then the history. Both cover the ops up to `head`; the view's
 * cursor is set to `head` when the first recent page is stored, so later rounds pull what is new
 * while the history is still arriving. Deleted once the history's last page is stored.
 */
export interface Backfill {
	associationId: string;
	head: number;
	/** The first date of the recent part; the history is what is dated before it. */
	since: string;
	/** The seq after which the next page of each part starts. */
	recentAfter: number;
	recentDone: boolean;
	historyAfter: number;
	/**
	 * The log held no op when the first page arrived: the history's deliveries are stored packed
	 * (history-packs.ts), since no other part or person's pull on this phone can bring them again.
	 */
	packed?: boolean;
}

const backfillPrefix = 'backfill:';

export async function readBackfill({
	associationId,
	view,
	db = defaultDb
}: {
	associationId: string;
	view: string;
	db?: AyniDatabase;
}): Promise<Backfill | undefined> {
	const stored = await readMeta<Partial<Backfill>>(db, backfillPrefix + view);
	return isBackfill(stored) && stored.associationId === associationId ? stored : undefined;
}

/** Stores the state after a page of a part. */
export async function writeBackfill({
	view,
	backfill,
	db = defaultDb
}: {
	view: string;
	backfill: Backfill;
	db?: AyniDatabase;
}): Promise<void> {
	await writeMeta(db, backfillPrefix + view, backfill);
}

/**
 * Stores the state after the first recent page and moves the view's cursor to `head` in the same
 * transaction: the ops up to head are then covered by the parts, and the later ones by the cursor.
 */
export async function startBackfill({
	view,
	backfill,
	db = defaultDb
}: {
	view: string;
	backfill: Backfill;
	db?: AyniDatabase;
}): Promise<void> {
	const { associationId, head } = backfill;
	await db.transaction('rw', db.meta, async () => {
		await writeBackfill({ view, backfill, db });
		await writePullCursor({ associationId, after: head, view, db });
	});
}

/** The history's last page is stored: the view is whole up to its cursor. */
export async function endBackfill({
	view,
	db = defaultDb
}: {
	view: string;
	db?: AyniDatabase;
}): Promise<void> {
	await db.meta.delete(backfillPrefix + view);
}

/** What of this person's view is still arriving on a new phone (see `Backfill`). */
export interface HistoryArriving {
	/** Before this date the figures are incomplete until the history ends. */
	since: string;
	/** The running period and the socios are stored: the book is usable. */
	recentDone: boolean;
}

/** Undefined when this person's view is whole (or was never pulled here). */
export async function historyArriving({
	userId,
	db = defaultDb
}: {
	userId: string;
	db?: AyniDatabase;
}): Promise<HistoryArriving | undefined> {
	const [book, view] = await Promise.all([
		bookAssociationId({ db }),
		readLastPullView({ userId, db })
	]);
	if (!book || !view) return undefined;
	const backfill = await readBackfill({ associationId: book, view, db });
	return backfill && { since: backfill.since, recentDone: backfill.recentDone };
}

function isBackfill(value: unknown): value is Backfill {
	if (!value || typeof value !== 'object') return false;
	const { associationId, head, since, recentAfter, recentDone, historyAfter, packed } =
		value as Partial<Backfill>;
	return (
		typeof associationId === 'string' &&
		(packed === undefined || typeof packed === 'boolean') &&
		typeof since === 'string' &&
		typeof recentDone === 'boolean' &&
		[head, recentAfter, historyAfter].every((seq) => Number.isSafeInteger(seq) && Number(seq) >= 0)
	);
}

/** The view the server last paged for this person, to start their next round with its cursor. */
export async function readLastPullView({
	userId,
	db = defaultDb
}: {
	userId: string;
	db?: AyniDatabase;
}): Promise<string | undefined> {
	const view = await readMeta<unknown>(db, `pullView:${userId}`);
	return typeof view === 'string' ? view : undefined;
}

export async function writeLastPullView({
	userId,
	view,
	db = defaultDb
}: {
	userId: string;
	view: string;
	db?: AyniDatabase;
}): Promise<void> {
	await writeMeta(db, `pullView:${userId}`, view);
}

/** The association book this phone holds, if any. */
export async function bookAssociationId({ db = defaultDb }: { db?: AyniDatabase } = {}): Promise<
	string | undefined
> {
	const value = await readMeta<unknown>(db, metaKeys.associationId);
	return typeof value === 'string' ? value : undefined;
}

/**
 * Who the ops recorded from now on belong to: the person logged in, or nobody (`undefined`, the
 * ops then carry `device:<id>`, see record.ts). Set at log-in and log-out.
 */
export async function setRecordingActor({
	userId,
	db = defaultDb
}: {
	userId: string | undefined;
	db?: AyniDatabase;
}): Promise<void> {
	if (userId === undefined) await db.meta.delete(metaKeys.actorId);
	else await writeMeta(db, metaKeys.actorId, userId);
}

/**
 * Records `userId` as the first account that used this phone, if there is none yet, and answers
 * whether this call did so. That person kept the book before it was connected, so the ops recorded
 * with no account until then are theirs; later unowned ops are claimed only by a confirmed tap on
 * the Sincronización page, since anyone may have recorded them.
 */
export async function takeFirstAccount({
	userId,
	db = defaultDb
}: {
	userId: string;
	db?: AyniDatabase;
}): Promise<boolean> {
	return db.transaction('rw', db.meta, async () => {
		if ((await readMeta<unknown>(db, firstAccountKey)) !== undefined) return false;
		await writeMeta(db, firstAccountKey, userId);
		return true;
	});
}
