// What the sync engine needs from the log: the ops waiting to be pushed, oldest clock first,
// marking them synced once the server answered "created" or "exists", and rejected when it refused.
import { db as defaultDb } from './db';
import { metaKeys, writeMeta } from './meta';
import { rebuildProjections } from './rebuild';
import type { AyniDatabase, StoredOp } from './schema';
import { isDeviceActor } from './sync-counts';

/** Pending ops in HLC order, at most `limit` (the push API takes ≤ 1000 per request). */
export function pendingOps({
	limit = 1000,
	db = defaultDb
}: { limit?: number; db?: AyniDatabase } = {}): Promise<StoredOp[]> {
	return db.ops
		.where('[status+hlc]')
		.between(['pending', ''], ['pending', '\uffff'])
		.limit(limit)
		.toArray();
}

/**
 * Marks pushed ops as synced with the sequence number the server gave them. Idempotent: marking
 * an op twice, or one that a pull already marked, changes nothing. One transaction for the batch.
 */
export async function markOpsSynced(
	results: readonly { id: string; seq?: number }[],
	{ db = defaultDb }: { db?: AyniDatabase } = {}
): Promise<void> {
	await db.transaction('rw', db.ops, async () => {
		const stored = await db.ops.bulkGet(results.map((result) => result.id));
		const updated: StoredOp[] = [];
		stored.forEach((op, index) => {
			const seq = results[index]?.seq;
			if (!op || (op.status === 'synced' && op.seq === seq)) return;
			if (op.status !== 'pending' && op.status !== 'synced') return;
			updated.push(
				seq === undefined ? { ...op, status: 'synced' } : { ...op, status: 'synced', seq }
			);
		});
		await db.ops.bulkPut(updated);
	});
}

/**
 * Marks ops the server refused (with the rule it named) and takes them out of the projections: the
 * association's book does not hold them, so no total may count them. The op stays in the log so the
 * person can see the refusal and record the fact again as an adjustment. Idempotent.
 *
 * The projections are rebuilt from the log (chunked, see rebuild.ts): refusals are rare, and a
 * rebuild is the one way that is right for every kind of projection. A targeted un-projection is
 * a possible optimisation for large books.
 */
export async function markOpsRejected(
	rejections: readonly { id: string; reason: string }[],
	{ db = defaultDb }: { db?: AyniDatabase } = {}
): Promise<void> {
	const changed = await db.transaction('rw', db.ops, db.meta, async () => {
		const stored = await db.ops.bulkGet(rejections.map((rejection) => rejection.id));
		const updated: StoredOp[] = [];
		stored.forEach((op, index) => {
			const reason = rejections[index]?.reason ?? 'rejected';
			if (!op || op.status !== 'pending') return;
			updated.push({ ...op, status: 'rejected', rejectReason: reason });
		});
		await db.ops.bulkPut(updated);
		// The projections still count these ops until the rebuild below ends; marked in the same
		// transaction, so a tab closed in between rebuilds at its next open (db.ts).
		if (updated.length > 0) await writeMeta(db, metaKeys.projectionsVersion, 'rebuilding');
		return updated.length;
	});
	if (changed > 0) await rebuildProjections(db);
}

/**
 * Pending ops recorded by one person, oldest clock first. The push sends only these: the server
 * refuses an op whose actor is not the session's user, and on a shared phone another person's
 * ops must wait for that person (DESIGN.md section 5, `actor_must_be_caller`).
 */
export function pendingOpsOf({
	actorId,
	limit = 1000,
	db = defaultDb
}: {
	actorId: string;
	limit?: number;
	db?: AyniDatabase;
}): Promise<StoredOp[]> {
	return db.ops
		.where('[status+hlc]')
		.between(['pending', ''], ['pending', '\uffff'])
		.filter((op) => op.actorId === actorId)
		.limit(limit)
		.toArray();
}

/**
 * Puts the pending ops recorded with no account (`device:…`) under a person's name, so they can be
 * pushed. Safe because such an op has never been stored by the server (it refuses a `device:`
 * actor), so its id is free there. Only the person logged in may call it, for themselves. One
 * transaction; idempotent.
 */
export async function claimUnownedOps({
	userId,
	db = defaultDb
}: {
	userId: string;
	db?: AyniDatabase;
}): Promise<number> {
	return db.transaction('rw', db.ops, async () => {
		const unowned = await db.ops
			.where('[status+hlc]')
			.between(['pending', ''], ['pending', '\uffff'])
			.filter((op) => isDeviceActor(op.actorId))
			.toArray();
		await db.ops.bulkPut(unowned.map((op) => ({ ...op, actorId: userId })));
		return unowned.length;
	});
}
