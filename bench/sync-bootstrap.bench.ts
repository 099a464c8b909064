// A new treasurer phone bootstrapping the association book (issue 8, last figure): a 500-member
// Mantaro association with 24 months of history (about 740,000 ops: deliveries with rejections and
// corrections, prices, advances, input charges, each fortnight's statements and payments, the
// plant's sales, expenses; tests/fixtures/mantaro-association.ts), stored on
// the server through the server's own push service (pushOps, batches of 1000) into a fresh PGlite
// folder, then served by the built app over HTTPS (scripts/serve.js with TLS_CERT/TLS_KEY, a
// self-signed certificate, so Chromium offers `br` as it does in production). A fresh persistent
// Chromium profile, CPU throttled 4× and the network at Slow 4G (150 ms RTT, 1.6 Mbit/s down,
// 750 kbit/s up, DevTools Network.emulateNetworkConditions), logs in at /entrar; the client engine
// (src/lib/sync) then pulls the whole book in pages of 5000 ops while /mas/sincronizacion shows the
// progress bar.
//
// Figures (JSON lines, DESIGN.md section 7):
// - sync.bootstrap.total-s: "Entrar" clicked → every op applied in IndexedDB: the banner saying the
//   earlier months are arriving is gone (docs/sync.md, "A new phone"). Beside it: seconds with a
//   pull under way (`pullFetchS`), with none (`pullApplyS`, the phone busy), and with a pull's body
//   arriving (`pullFlowingS`: the pulls' span less this is time no byte arrived, waits for a
//   first byte included).
// - sync.bootstrap.total-ratio: total-s ÷ (pull bytes on the wire × 8 ÷ 1.6 Mbit/s). Target 1.3.
// - sync.bootstrap.bytes-per-op: pull response bytes on the wire (CDP Network.loadingFinished
//   encodedDataLength: compressed body plus HTTP headers) ÷ ops pulled. Target 30. The encoding the
//   server chose is printed beside it (`encoding`).
// - sync.bootstrap.current-month-usable-s: "Entrar" clicked → the treasurer's figures for the
//   running period are on screen: the phone first pulls the running settlement period and the
//   book's socios and rules (`part=recent`); the sync page then says the period can be worked on,
//   the treasurer taps "Continuar" and opens Liquidaciones for the current fortnight (the
//   association settles quincenal; the period's liters, gross, deductions and net to pay); the
//   signal is the period totals (data-testid="total-liters") rendered. Target 10.
//
// Service workers are blocked in the profile: a page's fetches routed through a service worker
// would escape the page's network emulation. The first visit of a new phone is not controlled by
// the worker anyway.
//
// Run: `npm run bench -- sync-bootstrap` (builds once unless BENCH_SKIP_BUILD=1). Sizes can be cut
// with BENCH_MEMBERS and BENCH_MONTHS; the targets are about 500 × 24. BENCH_HTTP=1 serves over
// plain HTTP (scripts/serve.js; the server then answers gzip). BENCH_DATA_DIR=<dir> keeps the
// seeded server data there and reuses it on later runs of the same sizes and day (seeding takes
// over a minute).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { todayInLima } from '../src/lib/ops/business-date';
import type { Op } from '../src/lib/ops/envelope';
import { hashPassword } from '../src/lib/server/auth/password-hash';
import { openDatabase } from '../src/lib/server/db/database';
import { associations, memberships, users } from '../src/lib/server/db/schema';
import { pushOps } from '../src/lib/server/sync/push';
import { periodContaining } from '../src/lib/domain/settlement-period';
import { mantaroAssociationOps } from '../tests/fixtures/mantaro-association';
import { storedOpCount } from '../tests/fixtures/stored-op-count';

const members = Number(process.env.BENCH_MEMBERS ?? 500);
const months = Number(process.env.BENCH_MONTHS ?? 24);
const port = Number(process.env.BENCH_PORT ?? 4395);
const https = process.env.BENCH_HTTP !== '1';
const base = `${https ? 'https' : 'http'}://localhost:${port}`;
const buildCopy = 'bench/out/sync-bootstrap-build';
/** Slow 4G as DevTools defines it. */
const network = { latencyMs: 150, downBitsPerS: 1_600_000, upBitsPerS: 750_000 };
const cpuSlowdown = 4;
const login = 'tesorera-bench';
const password = 'vaca-lechera-del-valle';

function figure(
	bench: string,
	value: number,
	unit: string,
	target?: number,
	extra: Record<string, unknown> = {}
): void {
	const line: Record<string, unknown> = { bench, value: Math.round(value * 100) / 100, unit };
	if (target !== undefined) {
		line.target = target;
		line.ok = value <= target;
	}
	console.log(JSON.stringify({ ...line, ...extra }));
}

function log(message: string): void {
	console.error(`[sync-bootstrap] ${message}`);
}

/** The association, a treasurer account, and the whole history pushed through the push service. */
async function seedServer(dataDir: string): Promise<{ ops: number; jsonBytes: number }> {
	const database = await openDatabase({ dataDir });
	try {
		const { db } = database;
		const associationId = crypto.randomUUID();
		const userId = crypto.randomUUID();
		const now = new Date();
		await db.insert(associations).values({
			id: associationId,
			name: 'Asociación de Productores Lecheros del Valle del Mantaro',
			createdAt: now
		});
		await db.insert(users).values({
			id: userId,
			login,
			name: 'Marta Rojas',
			passwordHash: await hashPassword(password),
			createdAt: now
		});
		await db
			.insert(memberships)
			.values({ associationId, userId, role: 'treasurer', createdAt: now });

		const caller = { userId, associationId, role: 'treasurer' as const };
		const deviceId = 'bench-seed-device';
		let batch: Op[] = [];
		let count = 0;
		let skipped = 0;
		let jsonBytes = 0;
		const started = Date.now();
		const flush = async () => {
			const answer = await pushOps({
				db,
				caller,
				body: { associationId, deviceId, ops: batch }
			});
			if (answer.status !== 200) throw new Error(`push refused: ${JSON.stringify(answer.body)}`);
			for (const result of answer.body.results) {
				if (result.status === 'created') count += 1;
				// The generator's known flaw (a correction of a rejected delivery keeps the original
				// rejectedLiters with fewer liters): skipped and counted; anything else stops the bench.
				else if (result.status === 'rejected' && result.reason === 'payload_must_match_schema') {
					skipped += 1;
				} else throw new Error(`push refused an op: ${JSON.stringify(result)}`);
			}
			batch = [];
			if (count % 50_000 < 998) log(`seeded ${count} ops (${(Date.now() - started) / 1000} s)`);
		};
		for (const op of mantaroAssociationOps({
			seed: 8,
			members,
			months,
			endDate: todayInLima(),
			associationId,
			configure: true
		})) {
			// The generator records as "user-0/1"; the server takes only the caller's own ops.
			const mine = { ...op, actorId: userId };
			jsonBytes += Buffer.byteLength(JSON.stringify(mine));
			batch.push(mine);
			if (batch.length === 1000) await flush();
		}
		if (batch.length > 0) await flush();
		log(`seeded ${count} ops in ${(Date.now() - started) / 1000} s; ${skipped} invalid skipped`);
		return { ops: count, jsonBytes };
	} finally {
		await database.close();
	}
}

function serverAnswers(): boolean {
	return spawnSync('curl', ['-ksf', '-o', '/dev/null', `${base}/api/health`]).status === 0;
}

async function waitForServer(): Promise<void> {
	for (let attempt = 0; attempt < 240; attempt++) {
		if (serverAnswers()) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error('server did not start');
}

function startServer(dataDir: string, certDir: string): ChildProcess {
	const env = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		AYNI_DATA_DIR: dataDir,
		AYNI_BUILD_DIR: buildCopy,
		ORIGIN: base
	};
	if (!https) return spawn('node', ['scripts/serve.js'], { env, stdio: 'ignore' });
	const made = spawnSync('openssl', [
		...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
		...['-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'],
		...['-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')]
	]);
	if (made.status !== 0) throw new Error(`openssl: ${made.stderr.toString()}`);
	return spawn('node', ['scripts/serve.js'], {
		env: { ...env, TLS_CERT: join(certDir, 'cert.pem'), TLS_KEY: join(certDir, 'key.pem') },
		stdio: 'ignore'
	});
}

interface WireCount {
	pulls: number;
	bytes: number;
	headerBytes: number;
	encodings: Set<string>;
	protocol: string;
	/** Seconds with at least one pull under way (asked, not all arrived): network and server. */
	fetchS: number;
	/** Seconds with none under way, from the first pull on: the phone unpacking and storing. */
	applyS: number;
	/** Seconds with a pull's body arriving. */
	flowingS: number;
}

async function bootstrap(context: BrowserContext, seeded: { ops: number }): Promise<void> {
	const page = context.pages()[0] ?? (await context.newPage());
	// A page error would otherwise show only as a figure that never comes.
	page.on('pageerror', (error) => log(`page error: ${error.stack ?? error.message}`));
	page.on('requestfailed', (request) => {
		if (!request.url().includes('/api/sync/pull')) {
			log(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
		}
	});
	page.on('console', (message) => {
		if (message.type() === 'error') log(`console error: ${message.text()}`);
	});
	page.setDefaultTimeout(120_000);
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: network.latencyMs,
		downloadThroughput: network.downBitsPerS / 8,
		uploadThroughput: network.upBitsPerS / 8
	});
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });

	// Every pull response: its encoding, and the bytes that crossed the (emulated) wire.
	const wire: WireCount = {
		pulls: 0,
		bytes: 0,
		headerBytes: 0,
		encodings: new Set(),
		protocol: '',
		fetchS: 0,
		applyS: 0,
		flowingS: 0
	};
	const pullRequests = new Set<string>();
	const flowing = new Set<string>();
	let flowingSince = 0;
	let lastFinished: number | undefined;
	let busySince: number | undefined;
	cdp.on('Network.requestWillBeSent', (event) => {
		if (!event.request.url.includes('/api/sync/pull')) return;
		if (pullRequests.size === 0) {
			if (lastFinished !== undefined) wire.applyS += event.timestamp - lastFinished;
			busySince = event.timestamp;
		}
		pullRequests.add(event.requestId);
	});
	cdp.on('Network.responseReceived', (event) => {
		if (!pullRequests.has(event.requestId)) return;
		const headers = Object.fromEntries(
			Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value])
		);
		wire.encodings.add(String(headers['content-encoding'] ?? 'identity'));
		wire.protocol = event.response.protocol ?? '';
		wire.headerBytes += event.response.encodedDataLength ?? 0;
		if (flowing.size === 0) flowingSince = event.timestamp;
		flowing.add(event.requestId);
	});
	/** Whether the request was a pull; the wire's busy time ends when the last one does. */
	const ended = (requestId: string, timestamp: number): boolean => {
		if (!pullRequests.delete(requestId)) return false;
		if (flowing.delete(requestId) && flowing.size === 0) wire.flowingS += timestamp - flowingSince;
		if (pullRequests.size === 0) {
			wire.fetchS += timestamp - (busySince ?? timestamp);
			lastFinished = timestamp;
		}
		return true;
	};
	cdp.on('Network.loadingFailed', (event) => void ended(event.requestId, event.timestamp));
	cdp.on('Network.loadingFinished', (event) => {
		if (!ended(event.requestId, event.timestamp)) return;
		wire.pulls += 1;
		wire.bytes += event.encodedDataLength;
		if (wire.pulls % 50 === 0) {
			log(`pull page ${wire.pulls}: ${(wire.bytes / 1e6).toFixed(1)} MB so far`);
		}
	});

	await page.goto(`${base}/entrar`);
	await page.getByLabel('Usuario').fill(login);
	await page.getByLabel('Contraseña', { exact: true }).fill(password);
	const started = Date.now();
	await page.getByRole('button', { name: 'Entrar', exact: true }).click();
	// The running period and the socios arrive first; the sync page then offers to go on while the
	// earlier months arrive (a small book may come whole first: "Listo").
	await page
		.getByText(/Ya puedes trabajar con el periodo actual|Listo: el libro está en este teléfono/)
		.waitFor({ timeout: 90 * 60_000 });
	const readyS = (Date.now() - started) / 1000;

	// The treasurer goes on to this fortnight's figures, by a link as the app's own pages do (an
	// in-app navigation: the round bringing the history goes on).
	const period = periodContaining(todayInLima(), 'quincenal');
	await page.getByRole('link', { name: 'Continuar' }).click();
	await page.getByRole('heading', { name: /Bienvenido/ }).waitFor();
	const homeS = (Date.now() - started) / 1000;
	await page.evaluate((href) => {
		const link = Object.assign(document.createElement('a'), { href });
		document.body.append(link);
		link.click();
	}, `/liquidaciones?periodo=${period.key}`);
	const liters = page.getByTestId('total-liters');
	// A minute without the totals: what the screen shows instead, in the log and a screenshot.
	const stall = setTimeout(() => {
		const path = join(tmpdir(), 'ayni-bench-boot-stall.png');
		void page.screenshot({ path });
		void page
			.evaluate(() => document.body.innerText)
			.then((text) => log(`stalled (screenshot ${path}): ${text}`));
	}, 60_000);
	await liters.waitFor({ timeout: 10 * 60_000 });
	clearTimeout(stall);
	const usableS = (Date.now() - started) / 1000;
	log(`ready at ${readyS} s, home at ${homeS} s; ${period.key}: ${await liters.textContent()}`);

	const profiling = process.env.BENCH_PROFILE;
	if (profiling) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
	// All of it: the history's last page stored (the banner goes), or the whole book at once.
	const arriving = page.getByTestId('history-arriving');
	if (await arriving.isVisible()) await arriving.waitFor({ state: 'hidden', timeout: 90 * 60_000 });
	const totalS = (Date.now() - started) / 1000;
	if (profiling) {
		const { profile } = await cdp.send('Profiler.stop');
		writeFileSync(profiling, JSON.stringify(profile));
	}
	// Later pulls (the app's next rounds) are not part of the bootstrap.
	const pullFetchS = wire.fetchS;
	const pullApplyS = wire.applyS;
	const pullFlowingS = wire.flowingS;

	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
	const stored = await storedOpCount(page);
	if (stored < seeded.ops) throw new Error(`only ${stored} of ${seeded.ops} ops on the phone`);

	const encoding = [...wire.encodings].join('+');
	const floorS = (wire.bytes * 8) / network.downBitsPerS;
	const size = { members, months, ops: seeded.ops };
	figure('sync.bootstrap.current-month-usable-s', usableS, 's', 10, {
		period: period.key,
		readyS,
		homeS,
		...size
	});
	// The last page's apply ends when the banner goes; the sums cover the pages before it.
	figure('sync.bootstrap.total-s', totalS, 's', undefined, {
		...size,
		pullFetchS: Math.round(pullFetchS * 10) / 10,
		pullApplyS: Math.round(pullApplyS * 10) / 10,
		pullFlowingS: Math.round(pullFlowingS * 10) / 10
	});
	figure('sync.bootstrap.total-ratio', totalS / floorS, 'x wire time', 1.3, {
		wireFloorS: Math.round(floorS * 10) / 10
	});
	figure('sync.bootstrap.bytes-per-op', wire.bytes / seeded.ops, 'B/op', 30, {
		encoding,
		protocol: wire.protocol,
		pulls: wire.pulls,
		wireBytes: wire.bytes,
		headerBytes: wire.headerBytes
	});
}

async function main(): Promise<void> {
	if (process.env.BENCH_SKIP_BUILD !== '1') {
		const build = spawnSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
		if (build.status !== 0) throw new Error('build failed');
		// Others may rebuild build/ while this runs: serve a copy of this build.
		rmSync(buildCopy, { recursive: true, force: true });
		cpSync('build', buildCopy, { recursive: true });
	}
	const keptData = process.env.BENCH_DATA_DIR;
	const dataDir = keptData ?? mkdtempSync(join(tmpdir(), 'ayni-bench-boot-data-'));
	const profileDir = mkdtempSync(join(tmpdir(), 'ayni-bench-boot-profile-'));
	const certDir = mkdtempSync(join(tmpdir(), 'ayni-bench-boot-cert-'));
	let server: ChildProcess | undefined;
	let context: BrowserContext | undefined;
	try {
		// A server left over on the port would be measured instead of this one.
		if (serverAnswers()) throw new Error(`${base} is already taken; set BENCH_PORT`);
		const seeded = keptData ? await keptSeed(keptData) : await seedServer(dataDir);
		figure('sync.bootstrap.ops', seeded.ops, 'ops', undefined, {
			jsonBytesPerOp: Math.round(seeded.jsonBytes / seeded.ops)
		});
		server = startServer(dataDir, certDir);
		await waitForServer();
		context = await chromium.launchPersistentContext(profileDir, {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-background-networking'],
			ignoreHTTPSErrors: true,
			serviceWorkers: 'block',
			viewport: { width: 360, height: 640 },
			locale: 'es-PE',
			timezoneId: 'America/Lima'
		});
		await bootstrap(context, seeded);
	} finally {
		await context?.close();
		server?.kill('SIGTERM');
		rmSync(profileDir, { recursive: true, force: true });
		if (!keptData) rmSync(dataDir, { recursive: true, force: true });
		rmSync(certDir, { recursive: true, force: true });
	}
}

/** The server data seeded earlier in `dir` for these sizes and this day, or seeded now. */
async function keptSeed(dir: string): Promise<{ ops: number; jsonBytes: number }> {
	const marker = join(dir, 'seeded.json');
	const key = { members, months, today: todayInLima(Date.now()) };
	if (existsSync(marker)) {
		const kept = JSON.parse(readFileSync(marker, 'utf8'));
		if (JSON.stringify(kept.key) === JSON.stringify(key)) return kept.seeded;
		rmSync(dir, { recursive: true, force: true });
	}
	mkdirSync(dir, { recursive: true });
	const seeded = await seedServer(dir);
	writeFileSync(marker, JSON.stringify({ key, seeded }));
	return seeded;
}

await main();
