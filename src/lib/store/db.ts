// The app's one database. Opening it also brings the projections up to date with the projection
// code (see rebuild.ts), so every reader sees tables made by the code it runs.
import { metaKeys, projectionsVersion, readMeta } from './meta';
import { AyniDatabase } from './schema';

export const databaseName = 'ayni';

/** A database with the app's schema and open-time upkeep; tests and benchmarks make their own. */
export function makeDatabase(name: string): AyniDatabase {
	const database = new AyniDatabase(name);
	database.on('ready', async (vipDb) => {
		try {
			const database = vipDb as AyniDatabase;
			const built = await readMeta<unknown>(database, metaKeys.projectionsVersion);
			if (built === projectionsVersion) return;
			// Only an outdated book needs the projection code, so the first load does not carry it.
			const { rebuildIfOutdated } = await import('./rebuild');
			await rebuildIfOutdated(database);
		} catch (error) {
			// The app stays usable on the old tables; the version mark makes the next open retry.
			console.error('Ayni: rebuilding projections failed', error);
		}
	});
	return database;
}

export const db = makeDatabase(databaseName);
