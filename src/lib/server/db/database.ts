// Opens the server's database: PGlite (embedded PostgreSQL in a folder) by default, PostgreSQL
// through `pg` when a URL is given. Both run the same Drizzle schema and migrations, and the rest
// of the server sees one type, `Db`, whichever it is.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { appPath } from '../app-root';
import { acquireDataDirLock } from './data-dir-lock';
import { keepStatistics } from './pglite-statistics';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface ServerDatabase {
	db: Db;
	kind: DatabaseKind;
	close: () => Promise<void>;
}

export interface DatabaseConfig {
	/** A PostgreSQL URL; when absent, PGlite stores its data under `dataDir`. */
	databaseUrl?: string;
	dataDir?: string;
	/** Where drizzle-kit wrote the SQL migrations. */
	migrationsDir?: string;
	/** Connections in the pool (PostgreSQL only). */
	poolSize?: number;
}

/** The configuration `npm start` uses (DESIGN.md section 8). */
export function databaseConfigFromEnv(env: Record<string, string | undefined>): DatabaseConfig {
	return {
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir: env.AYNI_DATA_DIR || './data',
		migrationsDir: env.AYNI_MIGRATIONS_DIR || undefined,
		poolSize: env.AYNI_DB_POOL_SIZE ? Number(env.AYNI_DB_POOL_SIZE) : undefined
	};
}

/** The migrations folder: drizzle/ in the repository unless AYNI_MIGRATIONS_DIR says otherwise. */
export function migrationsFolder(config: DatabaseConfig): string {
	return config.migrationsDir ? resolve(config.migrationsDir) : appPath('drizzle');
}

/** Opens the database and brings its schema up to date; safe to run on every start. */
export async function openDatabase(config: DatabaseConfig): Promise<ServerDatabase> {
	return config.databaseUrl ? openPostgres(config, config.databaseUrl) : openPglite(config);
}

async function openPglite(config: DatabaseConfig): Promise<ServerDatabase> {
	const dataDir = resolve(config.dataDir ?? './data');
	// PGlite creates its own folder but not the folders above it.
	mkdirSync(dataDir, { recursive: true });
	// Two processes writing one PGlite folder would corrupt it (e.g. audit:verify against a running
	// server), so the folder is locked for as long as it is open.
	const lock = acquireDataDirLock(dataDir);
	try {
		const client = await PGlite.create(resolve(dataDir, 'pglite'));
		const db = drizzlePglite({ client, schema });
		await migratePglite(db, { migrationsFolder: migrationsFolder(config) });
		const statistics = keepStatistics(client);
		await statistics.check();
		let closing: Promise<void> | undefined;
		return {
			db: db as unknown as Db,
			kind: 'pglite',
			close: () => {
				statistics.stop();
				closing ??= client.close().finally(() => lock.release());
				return closing;
			}
		};
	} catch (error) {
		lock.release();
		throw error;
	}
}

/** Any fixed number works; it only has to be the same for every Ayni server on one database. */
const migrationLockKey = 7_229_461;

async function openPostgres(config: DatabaseConfig, url: string): Promise<ServerDatabase> {
	const pool = new pg.Pool({ connectionString: url, max: config.poolSize ?? 10 });
	// An idle connection that the server drops must not take the process down with it.
	pool.on('error', (error) => console.error('PostgreSQL pool:', error.message));
	try {
		// Several servers may start at once on one database: one migrates, the others wait.
		const connection = await pool.connect();
		try {
			await connection.query('select pg_advisory_lock($1)', [migrationLockKey]);
			await migratePg(drizzlePg({ client: connection, schema }), {
				migrationsFolder: migrationsFolder(config)
			});
		} finally {
			await connection.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => {});
			connection.release();
		}
	} catch (error) {
		await pool.end();
		throw error;
	}
	const db = drizzlePg({ client: pool, schema });
	let closing: Promise<void> | undefined;
	return {
		db: db as unknown as Db,
		kind: 'postgres',
		close: () => {
			closing ??= pool.end();
			return closing;
		}
	};
}
