// The running server's services: one database (opened and migrated once, from SvelteKit's `init`
// hook before the first request is served) and one set of login throttles for the process.
import { newThrottles, type ApiServices } from './api/api-context';
import { databaseConfigFromEnv, openDatabase, type ServerDatabase } from './db/database';

let opening: Promise<ServerDatabase> | undefined;
const throttles = newThrottles();

/** Opens (and migrates) the database on first call; later calls share it. */
export function serverDatabase(): Promise<ServerDatabase> {
	opening ??= openDatabase(databaseConfigFromEnv(process.env)).catch((error: unknown) => {
		// Let a later request try again rather than keep a failed start for ever.
		opening = undefined;
		throw error;
	});
	return opening;
}

export async function serverServices(): Promise<ApiServices> {
	const database = await serverDatabase();
	return { db: database.db, dbKind: database.kind, now: () => new Date(), throttles };
}

/** Closes the database, e.g. so PGlite flushes its files before the process exits. */
export async function closeServerDatabase(): Promise<void> {
	const open = opening;
	opening = undefined;
	if (open) await (await open).close();
}
