// Push ingest (issue 8): 1,000 simulated devices each push a batch of 50 deliveries through the
// sync service, 20 at a time, into 20 associations, on PGlite and on PostgreSQL. Figures: p95
// latency per push (target < 1 s), failures and lost ops (target 0), and ops/s beside a floor: the
// same rows written by one `COPY` (CSV), with no checks and no locks.
// Run: `npm run bench -- sync` (or `npx tsx bench/sync.bench.ts`). PostgreSQL is measured when
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, type ServerDatabase } from '../src/lib/server/db/database';
import { opBodyHash } from '../src/lib/server/sync/body-hash';
import { pushOps } from '../src/lib/server/sync/push';
import type { Op } from '../src/lib/ops/envelope';
import { newAssociation, opCount, payloads, phoneFor } from '../tests/integration/sync-fixtures';

const devices = Number(process.env.BENCH_DEVICES ?? 1000);
const opsPerPush = 50;
const associationCount = 20;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const p95TargetMs = 1000;
const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function figure(bench: string, value: number, unit: string, target: number, ok: boolean): void {
	console.log(JSON.stringify({ bench, value: Math.round(value * 100) / 100, unit, target, ok }));
}

async function makeDevices(database: ServerDatabase) {
	const tenants: Awaited<ReturnType<typeof newAssociation>>[] = [];
	for (let index = 0; index < associationCount; index++)
		tenants.push(await newAssociation(database.db));
	return Array.from({ length: devices }, (_, index) => {
		const tenant = tenants[index % associationCount]!;
		const phone = phoneFor(tenant.collector);
		const batch = Array.from({ length: opsPerPush }, (_, day) =>
			phone.record(
				'delivery.recorded',
				payloads.delivery(crypto.randomUUID()),
				`2025-11-${String((day % 28) + 1).padStart(2, '0')}`
			)
		);
		return { phone, batch };
	});
}

async function measure(kind: string, database: ServerDatabase): Promise<void> {
	// BENCH_PERIOD_INDEX=1 tries the index asked for in docs/sync.md (period marks by association).
	if (process.env.BENCH_PERIOD_INDEX === '1') {
		await database.db.execute(
			sql.raw(`create index if not exists ops_period_marks on ops (association_id, type, seq)`)
		);
	}
	const fleet = await makeDevices(database);
	const latenciesMs: number[] = [];
	let failures = 0;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < fleet.length) {
				const { phone, batch } = fleet[next++]!;
				const sent = performance.now();
				try {
					const response = await pushOps({
						db: database.db,
						caller: phone.caller,
						body: phone.batch(batch)
					});
					if (response.status !== 200) failures += 1;
					else failures += response.body.results.filter((r) => r.status !== 'created').length;
				} catch (error) {
					console.error(error);
					failures += 1;
				}
				latenciesMs.push(performance.now() - sent);
			}
		})
	);
	const elapsedS = (performance.now() - started) / 1000;
	latenciesMs.sort((a, b) => a - b);
	const p95 = latenciesMs[Math.floor(latenciesMs.length * 0.95)] ?? 0;
	const expected = devices * opsPerPush;
	const lost = expected - (await opCount(database.db));
	const opsPerS = expected / elapsedS;

	// The floor: the same number of rows, checked and hashed beforehand, in one COPY.
	const floorFleet = await makeDevices(database);
	const receivedAt = new Date().toISOString();
	const rows = floorFleet.flatMap(({ phone, batch }) =>
		batch.map((op: Op, index) => [
			phone.caller.associationId,
			1_000_000 + index + opsPerPush * Number(phone.deviceId.split('-').at(-1)),
			op.id,
			op.type,
			op.v,
			op.date,
			op.hlc,
			op.deviceId,
			op.actorId,
			op.scope,
			JSON.stringify(op.payload),
			opBodyHash(op),
			receivedAt
		])
	);
	const csv = csvOf(rows);
	const before = await opCount(database.db);
	const floorStarted = performance.now();
	await copyRows(database, csv);
	const floorOpsPerS = rows.length / ((performance.now() - floorStarted) / 1000);
	if ((await opCount(database.db)) - before !== rows.length) throw new Error('COPY lost rows');

	figure(`sync.push-p95-${kind}`, p95, 'ms', p95TargetMs, p95 < p95TargetMs);
	figure(`sync.push-failures-${kind}`, failures, 'pushes', 0, failures === 0);
	figure(`sync.push-lost-${kind}`, lost, 'ops', 0, lost === 0);
	figure(`sync.push-total-${kind}`, elapsedS, 's', 60, elapsedS < 60);
	figure(`sync.push-ops-per-s-${kind}`, opsPerS, 'ops/s', 0, true);
	figure(`sync.copy-floor-ops-per-s-${kind}`, floorOpsPerS, 'ops/s', 0, true);
	figure(
		`sync.push-vs-floor-${kind}`,
		floorOpsPerS / opsPerS,
		'x slower than COPY',
		10,
		floorOpsPerS / opsPerS < 10
	);
}

const copyStatement =
	'copy ops (association_id, seq, id, type, v, date, hlc, device_id, actor_id, scope, payload, ' +
	'body_hash, received_at) from';

/** Rows as COPY's CSV: every field quoted, its quotes doubled. */
function csvOf(rows: readonly (string | number)[][]): string {
	const field = (value: string | number) => `"${String(value).replaceAll('"', '""')}"`;
	return rows.map((row) => row.map(field).join(',')).join('\n') + '\n';
}

/** One COPY of the rows: from a blob on PGlite, from STDIN on PostgreSQL. */
async function copyRows(database: ServerDatabase, csv: string): Promise<void> {
	const client = (database.db as unknown as { $client: PGlite | pg.Pool }).$client;
	if (database.kind === 'pglite') {
		await (client as PGlite).query(`${copyStatement} '/dev/blob' with (format csv)`, [], {
			blob: new Blob([csv])
		});
		return;
	}
	const connection = await (client as pg.Pool).connect();
	try {
		await pipeline(
			Readable.from([csv]),
			connection.query(copyFrom(`${copyStatement} stdin with (format csv)`))
		);
	} finally {
		connection.release();
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

const dataDir = mkdtempSync(join(tmpdir(), 'ayni-bench-sync-'));
try {
	const pglite = await openDatabase({ dataDir });
	try {
		await measure('pglite', pglite);
	} finally {
		await pglite.close();
	}
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}

const name = `ayni_bench_sync_${process.pid}`;
let postgresReady = false;
try {
	await adminQuery(`create database "${name}"`);
	postgresReady = true;
} catch (error) {
	console.error(`PostgreSQL skipped: ${testDatabaseUrl} (${(error as Error).message})`);
}
if (postgresReady) {
	const url = new URL(testDatabaseUrl);
	url.pathname = `/${name}`;
	const postgres = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
	try {
		await measure('postgres', postgres);
	} finally {
		await postgres.close();
		await adminQuery(`drop database if exists "${name}" with (force)`);
	}
}
