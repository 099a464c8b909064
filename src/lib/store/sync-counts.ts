// What the header chip counts, read on every change of the log: pending ops by who recorded them,
// and refused ops still waiting for a decision. Kept apart from the writers (sync-queue.ts,
// rejected-ops.ts) so the app's first load does not carry the projection code.
import { db as defaultDb } from './db';
import { readMeta } from './meta';
import type { AyniDatabase, StoredOp } from './schema';

/** The actor of ops recorded on this phone while nobody was logged in (see record.ts). */
export function deviceActorId(deviceId: string): string {
	return `device:${deviceId}`;
}

export function isDeviceActor(actorId: string): boolean {
	return actorId.startsWith('device:');
}

export interface PendingByActor {
	/** Waiting to be pushed by the person logged in. */
	mine: number;
	/** Recorded with no account logged in: they go once someone takes them under their name. */
	unowned: number;
	/** Recorded by other people on this phone: they wait until that person logs in again. */
	others: number;
}

/**
 * Counts the pending ops by who recorded them. It runs on every change of the log, so it only
 * counts index entries and never reads an op: a burst of saves stays fast with a large backlog.
 */
export async function pendingByActor({
	actorId,
	db = defaultDb
}: {
	actorId: string | undefined;
	db?: AyniDatabase;
}): Promise<PendingByActor> {
	const byActor = db.ops.where('[status+actorId]');
	const [total, mine, unowned] = await Promise.all([
		db.ops.where('[status+hlc]').between(['pending', ''], ['pending', '\uffff']).count(),
		actorId === undefined ? 0 : byActor.equals(['pending', actorId]).count(),
		db.ops
			.where('[status+actorId]')
			.between(['pending', 'device:'], ['pending', 'device:\uffff'])
			.count()
	]);
	return { mine, unowned, others: total - mine - unowned };
}

export const resolutionsKey = 'rejectedResolutions';

export type RejectedResolution =
	{ kind: 'rerecorded'; opId: string; at: number } | { kind: 'discarded'; at: number };

export type Resolutions = Record<string, RejectedResolution>;

export async function readResolutions(db: AyniDatabase): Promise<Resolutions> {
	const value = await readMeta<unknown>(db, resolutionsKey);
	return value && typeof value === 'object' ? (value as Resolutions) : {};
}

/** Refused ops that still wait for a decision, newest clock first. */
export async function rejectedOpsToResolve({ db = defaultDb }: { db?: AyniDatabase } = {}): Promise<
	StoredOp[]
> {
	const [rejected, resolutions] = await Promise.all([
		db.ops.where('[status+hlc]').between(['rejected', ''], ['rejected', '\uffff']).toArray(),
		readResolutions(db)
	]);
	return rejected.filter((op) => !resolutions[op.id]).reverse();
}
