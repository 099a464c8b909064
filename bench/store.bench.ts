// The store's figures (DESIGN.md section 7), in Chromium with a persistent profile in a fresh
// folder and the CPU throttled 4×, against the store code bundled as the app bundles it
// (bench/store harness):
// - store.apply-month: applying one month of a 500-member association (30,000 delivery ops, as a
//   sync pull: validation, log, projections, one transaction per 1000 ops) ÷ a bare IndexedDB put
//   of the same op and delivery rows into stores with the same keys and indexes. Target ≤ 1.5×.
// - store.read-member-month: one member's month of deliveries with 720,000 deliveries stored,
//   through the store's query. Target ≤ 20 ms median, and ≤ 1.5× a bare `getAll` over the same
//   index range (store.read-member-month-ratio).
// - store.bytes-per-delivery: origin usage from navigator.storage.estimate() per stored delivery
//   (op + projection). Reported, no target.
// Run: `npm run bench -- store` or `npx tsx bench/store.bench.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type {} from './store/harness';
import { buildHarness, serveHarness } from './store/harness-server';

const applyRuns = Number(process.env.BENCH_STORE_RUNS ?? 5);
const readRuns = 25;
/** 500 is the figure; fewer members give a quick look (BENCH_STORE_MEMBERS=50). */
const monthMembers = Number(process.env.BENCH_STORE_MEMBERS ?? 500);
const cpuRate = Number(process.env.BENCH_STORE_CPU_RATE ?? 4);
const skipRead = process.env.BENCH_STORE_SKIP_READ === '1';
const skipApply = process.env.BENCH_STORE_SKIP_APPLY === '1';

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2
		? (sorted[middle] as number)
		: ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function figure(bench: string, value: number, unit: string, target?: number): void {
	const line: Record<string, unknown> = { bench, value: Math.round(value * 100) / 100, unit };
	if (target !== undefined) {
		line.target = target;
		line.ok = value <= target;
	}
	console.log(JSON.stringify(line));
}

function log(message: string): void {
	console.error(`[store bench] ${message}`);
}

async function throttle(page: Page, rate: number): Promise<void> {
	const session = await page.context().newCDPSession(page);
	await session.send('Emulation.setCPUThrottlingRate', { rate });
}

/** Storage per delivery, then the month applied through the store and raw, alternating. */
async function applyFigures(page: Page): Promise<void> {
	const { ops } = await page.evaluate(
		(members) => window.ayniStoreHarness.prepareMonth({ members }),
		monthMembers
	);
	await throttle(page, cpuRate);
	log(`storage: the first 6,000 deliveries through the store (also the store's warm-up)`);
	const bytes = await page.evaluate(
		(sample) => window.ayniStoreHarness.storagePerDelivery({ ops: sample }),
		Math.min(6000, ops)
	);
	figure('store.bytes-per-delivery', bytes, 'bytes');
	log(`apply-month: ${ops} ops, ${applyRuns} runs each, alternating`);
	await page.evaluate(() => window.ayniStoreHarness.applyMonthRaw({ limit: 3000 }));
	const raw: number[] = [];
	const store: number[] = [];
	for (let run = 0; run < applyRuns; run++) {
		raw.push(await page.evaluate(() => window.ayniStoreHarness.applyMonthRaw()));
		store.push(await page.evaluate(() => window.ayniStoreHarness.applyMonthStore()));
		log(
			`  run ${run + 1}: store ${Math.round(store.at(-1)!)} ms, raw ${Math.round(raw.at(-1)!)} ms`
		);
	}
	figure('store.apply-month', median(store) / median(raw), 'x raw bulkPut', 1.5);
	figure('store.apply-month-ms', median(store), 'ms');
	figure('store.apply-month-raw-ms', median(raw), 'ms');
}

async function main(): Promise<void> {
	const started = Date.now();
	await buildHarness();
	const { url, server } = await serveHarness();
	const profile = mkdtempSync(
		join(process.env.BENCH_PROFILE_PARENT ?? tmpdir(), 'ayni-store-bench-')
	);
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(10 * 60_000);
		await page.goto(url);
		await page.waitForFunction(() => window.ayniStoreHarness !== undefined);

		if (!skipApply) await applyFigures(page);
		if (skipRead) return;
		// ── Read a member's month with 720,000 deliveries stored ──
		await throttle(page, 1);
		log('read-member-month: seeding 720,000 deliveries (unthrottled)');
		const { deliveries, memberIds } = await page.evaluate(() =>
			window.ayniStoreHarness.seedDeliveries()
		);
		log(`  seeded ${deliveries} deliveries`);
		await throttle(page, cpuRate);
		const months = ['2023-03', '2023-09', '2024-02', '2024-07', '2024-12'];
		const storeReads: number[] = [];
		const rawReads: number[] = [];
		for (let run = -3; run < readRuns; run++) {
			const query = {
				memberId: memberIds[((run + 3) * 17) % memberIds.length] as string,
				month: months[(run + 3) % months.length] as string
			};
			// Whichever reads a range first finds it colder, so the order alternates run by run.
			const readStore = () =>
				page.evaluate((q) => window.ayniStoreHarness.readMonthStore(q), query);
			const readRaw = () => page.evaluate((q) => window.ayniStoreHarness.readMonthRaw(q), query);
			const storeFirst = run % 2 === 0;
			const first = await (storeFirst ? readStore() : readRaw());
			const second = await (storeFirst ? readRaw() : readStore());
			const [viaStore, viaRaw] = storeFirst ? [first, second] : [second, first];
			if (viaStore.rows !== viaRaw.rows || viaStore.rows === 0) {
				throw new Error(`read ${viaStore.rows} rows via the store, ${viaRaw.rows} raw`);
			}
			if (run < 0) continue;
			storeReads.push(viaStore.ms);
			rawReads.push(viaRaw.ms);
		}
		figure('store.read-member-month', median(storeReads), 'ms', 20);
		figure(
			'store.read-member-month-ratio',
			median(storeReads) / median(rawReads),
			'x raw getAll',
			1.5
		);
		log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
	} finally {
		await context.close();
		server.close();
		rmSync(profile, { recursive: true, force: true });
	}
}

await main();
