// Projections are a cache of the log: this recomputes them all from the ops, e.g. after a new
// version of the app changed what a projection writes. The log itself is never touched.
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { opsOf } from './history-packs';
import { metaKeys, projectionsVersion, readMeta, writeMeta } from './meta';
import { projectOps } from './projections/project-ops';
import { projectionTableNames, type AyniDatabase } from './schema';

export const rebuildChunkOps = 1000;
/** Ledger packs hold a few dozen ops each. */
const rebuildChunkPacks = 40;

/** Where rebuilds wait for each other: the browser's Web Locks, shared by the app's tabs. */
export type RebuildLocks = Pick<LockManager, 'request'>;

const rebuildLock = 'ayni:rebuild-projections';

/**
 * One rebuild at a time across tabs: two interleaved would each clear the other's work, and the
 * first to end would mark the tables done while the other still fills them. Without Web Locks (an
 * old browser, tests) it runs at once.
 */
function oneAtATime<T>(locks: RebuildLocks | undefined, run: () => Promise<T>): Promise<T> {
	return locks ? (locks.request(rebuildLock, run) as Promise<T>) : run();
}

function browserLocks(): RebuildLocks | undefined {
	return globalThis.navigator?.locks;
}

/**
 * Clears the projections and projects the whole log again, 1000 ops per transaction so that no
 * transaction holds the main thread long. While it runs the projections version says "rebuilding",
 * so if the tab is closed half-way the next open starts it again; re-projecting an op is harmless,
 * so ops recorded meanwhile are never lost or counted twice.
 */
export function rebuildProjections(
	db: AyniDatabase,
	{
		onProgress,
		locks = browserLocks()
	}: { onProgress?: (doneOps: number) => void; locks?: RebuildLocks } = {}
): Promise<void> {
	return oneAtATime(locks, () => rebuild(db, onProgress));
}

async function rebuild(
	db: AyniDatabase,
	onProgress: ((doneOps: number) => void) | undefined
): Promise<void> {
	// This rebuild's own mark: a change that asks for a rebuild while this one runs (another tab
	// refused ops, say) writes its own, and this one then leaves the tables marked unfinished.
	const mark = `rebuilding:${makeUuidV7()}`;
	await db.transaction('rw', ['meta', ...projectionTableNames], async () => {
		await writeMeta(db, metaKeys.projectionsVersion, mark);
		await Promise.all(projectionTableNames.map((name) => db.table(name).clear()));
	});
	let lastId = '';
	let doneOps = 0;
	for (;;) {
		const chunkDone = await db.transaction('rw', ['ops', ...projectionTableNames], async () => {
			const chunk = await db.ops.where('id').above(lastId).limit(rebuildChunkOps).toArray();
			await projectOps(db, chunk);
			const last = chunk.at(-1);
			if (last) lastId = last.id;
			return chunk.length;
		});
		doneOps += chunkDone;
		onProgress?.(doneOps);
		if (chunkDone < rebuildChunkOps) break;
	}
	// A new phone's packed statements, payments, advances and charges (history-packs.ts).
	let lastKey = '';
	for (;;) {
		const packs = await db.transaction('rw', ['ledgerPacks', ...projectionTableNames], async () => {
			const chunk = await db.ledgerPacks
				.where(':id')
				.above(lastKey)
				.limit(rebuildChunkPacks)
				.toArray();
			const ops = chunk.flatMap((pack) => opsOf(pack));
			await projectOps(db, ops);
			const last = chunk.at(-1);
			if (last) lastKey = last.key;
			return { read: chunk.length, ops: ops.length };
		});
		doneOps += packs.ops;
		onProgress?.(doneOps);
		if (packs.read < rebuildChunkPacks) break;
	}
	await db.transaction('rw', ['meta'], async () => {
		if ((await readMeta(db, metaKeys.projectionsVersion)) !== mark) return;
		await writeMeta(db, metaKeys.projectionsVersion, projectionsVersion);
	});
}

/**
 * Rebuilds when the tables were made by other projection code, or a rebuild was cut short. Checked
 * under the lock: a tab that waited for another's rebuild finds the tables done.
 */
export function rebuildIfOutdated(
	db: AyniDatabase,
	{ locks = browserLocks() }: { locks?: RebuildLocks } = {}
): Promise<boolean> {
	return oneAtATime(locks, async () => {
		const built = await readMeta<unknown>(db, metaKeys.projectionsVersion);
		if (built === projectionsVersion) return false;
		if ((await db.ops.count()) === 0 && built === undefined) {
			// A new database: there is nothing to rebuild from, only the version to note.
			await writeMeta(db, metaKeys.projectionsVersion, projectionsVersion);
			return false;
		}
		await rebuild(db, undefined);
		return true;
	});
}
