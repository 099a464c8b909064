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
 * Whose view of the book a pull follows. The server pages what the caller may see, so a socio's
 * pages skip other socios' ops: on a shared phone each socio keeps their own cursor, and the board
 * (admin, treasurer, collector, who see everything) keeps the book's, which a socio's pull never
 * moves.
 */
export interface PullViewer {
	userId: string;
	role: string;
}

function pullCursorKey({ userId, role }: PullViewer): string {
	return role === 'member' ? `pullCursor:member:${userId}` : 'pullCursor';
}

/** The seq after which to pull next; 0 for a book never pulled (or another association's). */
export async function readPullCursor({
	associationId,
	viewer,
	db = defaultDb
}: {
	associationId: string;
	viewer: PullViewer;
	db?: AyniDatabase;
}): Promise<number> {
	const cursor = await readMeta<Partial<PullCursor>>(db, pullCursorKey(viewer));
	if (!cursor || cursor.associationId !== associationId) return 0;
	return Number.isSafeInteger(cursor.after) && (cursor.after ?? -1) >= 0 ? (cursor.after ?? 0) : 0;
}

/** Written only after a page's ops are stored, so a cut pull resumes without missing an op. */
export async function writePullCursor({
	associationId,
	after,
	viewer,
	db = defaultDb
}: PullCursor & { viewer: PullViewer; db?: AyniDatabase }): Promise<void> {
	await writeMeta(db, pullCursorKey(viewer), { associationId, after } satisfies PullCursor);
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
