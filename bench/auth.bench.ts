// 500 logins offered within a minute (one every 110 ms, whether or not the previous one answered)
// against the login endpoint, on PGlite and on PostgreSQL: p95 latency, the time for all 500, and
// the server process's peak memory. Each login runs the real path: the request guard, the JSON
// body, an argon2id check in the capped hash pool, a new session and its audit row.
// Run: `npx tsx bench/auth.bench.ts` (or `npm run bench -- auth`). AYNI_BENCH_LOGINS and
// AYNI_BENCH_SECONDS shrink it for a quick look; BENCH_DATABASE_URL picks the PostgreSQL server
// (default: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { newThrottles, type ApiServices } from '../src/lib/server/api/api-context';
import { login } from '../src/lib/server/api/auth-api';
import { hashesAtOnceMax, hashPassword } from '../src/lib/server/auth/password-hash';
import { openDatabase, type ServerDatabase } from '../src/lib/server/db/database';
import { users } from '../src/lib/server/db/schema';
import { guardApiRequest } from '../src/lib/server/http/request-guard';
import { runHandler } from '../src/lib/server/http/run-handler';

const loginsTotal = Number(process.env.AYNI_BENCH_LOGINS ?? 500);
const offeredWithinMs = Number(process.env.AYNI_BENCH_SECONDS ?? 55) * 1000;
const minuteTargetMs = 60_000 * (loginsTotal / 500);
const p95TargetMs = 1000;
/** The embedded PGlite alone takes ~600–800 MB of address space once open (its WASM memory). */
const peakMemoryTargetMb = 1024;
/** What the 500 logins may add on top: hashes are capped at hashesAtOnceMax × 19 MiB. */
const memoryGrowthTargetMb = 128;
const password = 'chacra-de-maiz-2024';
const origin = 'http://ayni.bench';
const postgresUrl =
	process.env.BENCH_DATABASE_URL ??
	process.env.TEST_DATABASE_URL ??
	'postgres://postgres@127.0.0.1:5432/test';

function figure(bench: string, value: number, unit: string, target: number) {
	console.log(JSON.stringify({ bench, value, unit, target, ok: value <= target }));
}

async function seedUsers(database: ServerDatabase): Promise<string[]> {
	// One real hash for everyone: each login still verifies a full argon2id hash.
	const passwordHash = await hashPassword(password);
	const logins = Array.from({ length: loginsTotal }, (_, i) => `socio-${i}`);
	const now = new Date();
	for (let start = 0; start < logins.length; start += 250) {
		await database.db.insert(users).values(
			logins.slice(start, start + 250).map((name) => ({
				id: crypto.randomUUID(),
				login: name,
				name,
				passwordHash,
				createdAt: now
			}))
		);
	}
	return logins;
}

async function loginOnce(services: ApiServices, name: string, i: number): Promise<number> {
	const url = new URL('/api/auth/login', origin);
	const body = JSON.stringify({ login: name, password, deviceName: 'Bench' });
	const request = new Request(url, {
		method: 'POST',
		headers: { origin, 'content-type': 'application/json', 'content-length': String(body.length) },
		body
	});
	const response =
		guardApiRequest(request, url) ??
		(await runHandler(login, services, {
			request,
			url,
			params: {},
			clientAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
		}));
	await response.arrayBuffer();
	return response.status;
}

async function run(kind: string, database: ServerDatabase): Promise<void> {
	const services: ApiServices = {
		db: database.db,
		dbKind: database.kind,
		now: () => new Date(),
		throttles: newThrottles()
	};
	const logins = await seedUsers(database);
	// Warm up: the first hashes and queries pay for JIT and caches.
	for (let i = 0; i < 5; i++) await loginOnce(services, logins[i]!, i);

	const rssBefore = process.memoryUsage().rss;
	let rssPeak = rssBefore;
	const sampler = setInterval(() => {
		rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
	}, 50);
	const intervalMs = offeredWithinMs / loginsTotal;
	const latencies: number[] = [];
	let failed = 0;
	const started = performance.now();
	await Promise.all(
		logins.map(async (name, i) => {
			const due = started + i * intervalMs;
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
			const sent = performance.now();
			const status = await loginOnce(services, name, i);
			latencies.push(performance.now() - sent);
			if (status !== 200) failed++;
		})
	);
	const elapsedMs = performance.now() - started;
	clearInterval(sampler);
	latencies.sort((a, b) => a - b);
	const percentile = (p: number) =>
		latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
	console.error(
		`${kind}: ${loginsTotal} logins in ${(elapsedMs / 1000).toFixed(1)} s, ` +
			`median ${percentile(0.5).toFixed(0)} ms, p95 ${percentile(0.95).toFixed(0)} ms, ` +
			`max ${percentile(1).toFixed(0)} ms, ${failed} failed, ` +
			`RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssPeak / 2 ** 20).toFixed(0)} MB`
	);
	figure(`auth.login-p95-${kind}`, Math.round(percentile(0.95)), 'ms', p95TargetMs);
	figure(`auth.login-all-${kind}`, Math.round(elapsedMs) / 1000, 's', minuteTargetMs / 1000);
	figure(`auth.login-failed-${kind}`, failed, 'logins', 0);
	// maxRSS is the kernel's high-water mark for this process (KiB): the server's peak memory.
	const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
	figure(`auth.login-peak-rss-${kind}`, maxRssMb, 'MB', peakMemoryTargetMb);
	figure(
		`auth.login-rss-growth-${kind}`,
		Math.round((rssPeak - rssBefore) / 2 ** 20),
		'MB',
		memoryGrowthTargetMb
	);
}

const kind = process.argv[2];
if (kind === 'pglite') await benchPglite();
else if (kind === 'postgres') await benchPostgres();
else {
	console.error(
		`auth bench: ${availableParallelism()} cores, at most ${hashesAtOnceMax} hashes at once, ` +
			`${loginsTotal} logins offered within ${offeredWithinMs / 1000} s`
	);
	// Each database in a process of its own, so each peak memory figure is that server's alone.
	for (const each of ['pglite', 'postgres']) {
		const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, each], {
			stdio: 'inherit'
		});
		if (child.status !== 0) process.exitCode = 1;
	}
}

async function benchPglite(): Promise<void> {
	const dataDir = mkdtempSync(join(tmpdir(), 'ayni-bench-'));
	try {
		const database = await openDatabase({ dataDir });
		try {
			await run('pglite', database);
		} finally {
			await database.close();
		}
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}

async function benchPostgres(): Promise<void> {
	const admin = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
	try {
		await admin.connect();
	} catch (error) {
		const reason = `no PostgreSQL at ${postgresUrl} (${(error as Error).message})`;
		// Under CI a missing PostgreSQL is a failure, as in the tests; elsewhere it is a skip.
		const line =
			process.env.CI === 'true'
				? { bench: 'auth.login-p95-postgres', ok: false, error: reason }
				: { bench: 'auth.login-p95-postgres', skipped: reason };
		console.log(JSON.stringify(line));
		return;
	}
	const name = `ayni_bench_${process.pid}`;
	await admin.query(`create database "${name}"`);
	const url = new URL(postgresUrl);
	url.pathname = `/${name}`;
	try {
		const database = await openDatabase({ databaseUrl: url.toString() });
		try {
			await run('postgres', database);
		} finally {
			await database.close();
		}
	} finally {
		await admin.query(`drop database if exists "${name}" with (force)`);
		await admin.end();
	}
}
