// Keeping the data on the phone. Browsers may clear a site's storage when the disk runs low unless
// the site's storage is "persisted"; the store asks for that once, when the first real data is
// saved, and Ajustes shows whether it was granted, how much space is used and what is not synced.
import { db as defaultDb } from './db';
import { metaKeys, readMeta, writeMeta } from './meta';
import type { AyniDatabase } from './schema';

export interface StorageStatus {
	/** true: the browser will not clear it by itself; null: this browser cannot tell. */
	persisted: boolean | null;
	usageBytes: number | null;
	quotaBytes: number | null;
	/** Ops of the association book recorded here and not yet accepted by the server. */
	pendingOps: number;
}

/** Books already asked about in this page's life. */
const askedIn = new WeakSet<AyniDatabase>();

/**
 * Asks the browser to keep this site's storage, once per device (Chrome may grant it silently for
 * an installed app or refuse; asking again on every save would only cost time). Never throws: a
 * refusal changes nothing about the save that triggered it. Answers whether the storage is kept,
 * or null when this browser cannot tell or the question was already settled in this page's life.
 */
export async function requestPersistence(db: AyniDatabase): Promise<boolean | null> {
	try {
		const storage = globalThis.navigator?.storage;
		if (!storage?.persist) return null;
		// Known asked: no read of the book on every save of a shift.
		if (askedIn.has(db)) return null;
		askedIn.add(db);
		if (await readMeta<boolean>(db, metaKeys.persistAsked)) return await storage.persisted();
		await writeMeta(db, metaKeys.persistAsked, true);
		return await storage.persist();
	} catch {
		return null;
	}
}

/**
 * Asks again, from a button the person pressed: browsers weigh a user's gesture and an installed
 * app when deciding. Returns whether the storage is protected now (null: cannot tell).
 */
export async function protectStorage(): Promise<boolean | null> {
	try {
		const storage = globalThis.navigator?.storage;
		if (!storage?.persist) return null;
		return await storage.persist();
	} catch {
		return null;
	}
}

export async function readStorageStatus({
	db = defaultDb
}: { db?: AyniDatabase } = {}): Promise<StorageStatus> {
	const storage = globalThis.navigator?.storage;
	const [persisted, estimate, pendingOps] = await Promise.all([
		storage?.persisted ? storage.persisted().catch(() => null) : Promise.resolve(null),
		storage?.estimate ? storage.estimate().catch(() => undefined) : Promise.resolve(undefined),
		countPendingOps(db)
	]);
	return {
		persisted,
		usageBytes: estimate?.usage ?? null,
		quotaBytes: estimate?.quota ?? null,
		pendingOps
	};
}

export function countPendingOps(db: AyniDatabase = defaultDb): Promise<number> {
	return db.ops.where('[status+hlc]').between(['pending', ''], ['pending', '\uffff']).count();
}
