// Projections are a cache of the log: this recomputes them all from the ops, e.g. after a new
// version of the app changed what a projection writes. The log itself is never touched.
import { metaKeys, projectionsVersion, readMeta, writeMeta } from './meta';
import { projectOps } from './projections/project-ops';
import { projectionTableNames, type AyniDatabase } from './schema';

export const rebuildChunkOps = 1000;

/**
 * Clears the projections and projects the whole log again, 1000 ops per transaction so that no
 * transaction holds the main thread long. While it runs the projections version says "rebuilding",
 * so if the tab is closed half-way the next open starts it again; re-projecting an op is harmless,
 * so ops recorded meanwhile are never lost or counted twice.
 */
export async function rebuildProjections(
	db: AyniDatabase,
	{ onProgress }: { onProgress?: (doneOps: number) => void } = {}
): Promise<void> {
	await db.transaction('rw', ['meta', ...projectionTableNames], async () => {
		await writeMeta(db, metaKeys.projectionsVersion, 'rebuilding');
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
	await writeMeta(db, metaKeys.projectionsVersion, projectionsVersion);
}

/** Rebuilds when the tables were made by other projection code, or a rebuild was cut short. */
export async function rebuildIfOutdated(db: AyniDatabase): Promise<boolean> {
	const built = await readMeta<unknown>(db, metaKeys.projectionsVersion);
	if (built === projectionsVersion) return false;
	if ((await db.ops.count()) === 0 && built === undefined) {
		// A new database: there is nothing to rebuild from, only the version to note.
		await writeMeta(db, metaKeys.projectionsVersion, projectionsVersion);
		return false;
	}
	await rebuildProjections(db);
	return true;
}
