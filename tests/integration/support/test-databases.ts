// The databases integration tests run on: a fresh PGlite in a temporary folder, and PostgreSQL at
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) in a database of its own per
// test file, created and dropped here, so parallel or repeated runs never see each other's rows.
// When no PostgreSQL answers, its tests are skipped with the reason printed, except under
// CI=true, where that is a failure.
import { createHash } from 'node:crypto';
import {
	cpSync,
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, it } from 'vitest';
import {
	openDatabase,
	type DatabaseKind,
	type ServerDatabase
} from '../../../src/lib/server/db/database';

export const testDatabaseUrl =
	process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabaseTarget {
	kind: DatabaseKind;
	open: () => Promise<TestDatabase>;
	/** Set when this database cannot be reached (never under CI=true: that throws instead). */
	skipReason?: string;
}

export interface TestDatabase extends ServerDatabase {
	/** Opens the same data again (a second start of the server). */
	reopen: () => Promise<ServerDatabase>;
	/** Where the data lives: a folder (PGlite) or a URL (PostgreSQL). */
	location: string;
	/** Closes it and throws the data away. */
	destroy: () => Promise<void>;
}

export function pgliteTarget(): TestDatabaseTarget {
	return {
		kind: 'pglite',
		open: async () => {
			const dataDir = mkdtempSync(join(tmpdir(), 'ayni-pglite-'));
			cpSync(await pgliteTemplate(), dataDir, { recursive: true });
			const database = await openDatabase({ dataDir });
			return {
				...database,
				location: dataDir,
				reopen: () => openDatabase({ dataDir }),
				destroy: async () => {
					await database.close();
					rmSync(dataDir, { recursive: true, force: true });
				}
			};
		}
	};
}

export function postgresTarget(): TestDatabaseTarget {
	return {
		kind: 'postgres',
		open: async () => {
			const name = `ayni_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
			await adminQuery(`create database "${name}"`);
			const url = withDatabase(testDatabaseUrl, name);
			const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
			return {
				...database,
				location: url,
				reopen: () => openDatabase({ databaseUrl: url, poolSize: 2 }),
				destroy: async () => {
					await database.close();
					await adminQuery(`drop database if exists "${name}" with (force)`);
				}
			};
		}
	};
}

/**
 * A migrated, closed PGlite folder that test files copy: PGlite's first start (initdb) takes
 * 5–25 s on a busy two-core machine, opening a copy 2–3 s. It is named after the migrations and
 * the PGlite version, so a new migration makes a new template; concurrent runs each build their
 * own and the first rename wins.
 */
async function pgliteTemplate(): Promise<string> {
	const fingerprint = createHash('sha256');
	fingerprint.update(readFileSync('node_modules/@electric-sql/pglite/package.json'));
	for (const file of readdirSync('drizzle')
		.filter((name) => name.endsWith('.sql'))
		.sort()) {
		fingerprint.update(file).update(readFileSync(join('drizzle', file)));
	}
	const template = join(tmpdir(), `ayni-pglite-template-${fingerprint.digest('hex').slice(0, 16)}`);
	if (existsSync(template)) return template;
	const building = mkdtempSync(join(tmpdir(), 'ayni-pglite-building-'));
	const database = await openDatabase({ dataDir: building });
	await database.close();
	try {
		renameSync(building, template);
	} catch {
		rmSync(building, { recursive: true, force: true });
	}
	return template;
}

let postgresCheck: Promise<string | undefined> | undefined;

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export function postgresUnavailableReason(): Promise<string | undefined> {
	postgresCheck ??= adminQuery('select 1').then(
		() => undefined,
		(error: unknown) => (error instanceof Error ? error.message : String(error))
	);
	return postgresCheck;
}

/** PGlite always; PostgreSQL with a skip reason when it does not answer (a failure under CI). */
export async function testDatabaseTargets(): Promise<TestDatabaseTarget[]> {
	const reason = await postgresUnavailableReason();
	if (reason === undefined) return [pgliteTarget(), postgresTarget()];
	if (process.env.CI === 'true') {
		throw new Error(`PostgreSQL is required under CI but ${testDatabaseUrl} fails: ${reason}`);
	}
	const skipReason = `no PostgreSQL answers at ${testDatabaseUrl} (${reason})`;
	console.warn(`Skipping the PostgreSQL runs: ${skipReason}.`);
	return [pgliteTarget(), { ...postgresTarget(), skipReason }];
}

/**
 * One `describe` per database, for a test file's top level:
 * `await describeOnDatabases('login', (target) => { … })`.
 */
export async function describeOnDatabases(
	title: string,
	body: (target: TestDatabaseTarget) => void
): Promise<void> {
	for (const target of await testDatabaseTargets()) {
		describe(`${title} (${target.kind})`, () => {
			if (target.skipReason) {
				it.skip(`skipped: ${target.skipReason}`, () => {});
				return;
			}
			body(target);
		});
	}
}

async function adminQuery(text: string): Promise<void> {
	const client = new pg.Client({
		connectionString: testDatabaseUrl,
		connectionTimeoutMillis: 3000
	});
	await client.connect();
	try {
		await client.query(text);
	} finally {
		await client.end();
	}
}

function withDatabase(url: string, database: string): string {
	const parsed = new URL(url);
	parsed.pathname = `/${database}`;
	return parsed.toString();
}
