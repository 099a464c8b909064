// Issuing a fortnight's 500 statements in the real built app, with a 500-member association and
// 24 months of deliveries stored, in Chromium with the CPU throttled 4× (a cheap phone): the time
// from tapping "Emitir" to "Se emitieron", and the longest main-thread task meanwhile (the work
// must run in chunks that never block input for more than 50 ms).
// Run: `npm run bench -- collection` (or `npx tsx bench/collection-settlement.bench.ts`).
// SKIP_BUILD=1 reuses build/; BENCH_MEMBERS / BENCH_MONTHS shrink the book for a quick try;
// BENCH_SEEDED=<dir> keeps a copy of the seeded browser profile there and starts later runs from a
// copy of it (seeding 24 months takes minutes); BENCH_DEBUG=1 prints what ran in each long frame;
// BENCH_TRACE=<file> writes a Chrome trace (with CPU samples) of the throttled runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { todayInLima } from '../src/lib/ops/business-date';
import {
	defaultPeriod,
	previousPeriod,
	type SettlementPeriod
} from '../src/lib/domain/settlement-period';

const members = Number(process.env.BENCH_MEMBERS ?? 500);
const months = Number(process.env.BENCH_MONTHS ?? 24);
const runs = 5;
// Fixed: IndexedDB belongs to the origin, so a reused seeded profile needs the same port.
const port = Number(process.env.BENCH_PORT ?? 4297);
const targetSeconds = 2;
const longTaskTargetMs = 50;
const buildCopy = 'bench/out/settlement-build';

function log(message: string): void {
	console.error(`[collection-settlement] ${message}`);
}

function addMonths(date: string, count: number): string {
	const at = new Date(`${date}T12:00:00Z`);
	at.setUTCMonth(at.getUTCMonth() + count);
	return at.toISOString().slice(0, 10);
}

async function waitForServer(url: string): Promise<void> {
	for (let attempt = 0; attempt < 100; attempt++) {
		try {
			const response = await fetch(url);
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`server did not answer at ${url}`);
}

/** The statements to issue: the last `runs` fortnights that have ended, oldest first. */
function benchPeriods(): SettlementPeriod[] {
	const periods = [defaultPeriod(todayInLima(), 'quincenal')];
	while (periods.length < runs + 1) {
		periods.unshift(previousPeriod(periods[0] as SettlementPeriod));
	}
	return periods;
}

async function issueOnce(
	page: Page,
	period: SettlementPeriod
): Promise<{ seconds: number; longestTaskMs: number; issued: string }> {
	await page.selectOption('#period', period.key);
	const issue = page.locator('button.issue');
	await issue.waitFor({ state: 'visible', timeout: 120_000 });
	const label = (await issue.textContent())?.trim() ?? '';
	await page.evaluate(() => {
		type Frame = PerformanceEntry & {
			blockingDuration: number;
			scripts: {
				duration: number;
				invoker: string;
				sourceFunctionName: string;
				sourceURL: string;
				sourceCharPosition: number;
			}[];
		};
		const state = globalThis as unknown as {
			longTasks: number[];
			frames: string[];
			observers?: PerformanceObserver[];
		};
		state.longTasks = [];
		state.frames = [];
		for (const observer of state.observers ?? []) observer.disconnect();
		const tasks = new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
		});
		tasks.observe({ type: 'longtask' });
		const frames = new PerformanceObserver((list) => {
			for (const entry of list.getEntries() as Frame[]) {
				if (entry.duration < 50) continue;
				const scripts = entry.scripts.map(
					(script) =>
						`${Math.round(script.duration)}ms ${script.invoker} ${script.sourceFunctionName} ${script.sourceURL.split('/').pop()}:${script.sourceCharPosition}`
				);
				state.frames.push(`${Math.round(entry.duration)}ms frame: ${scripts.join(' | ')}`);
			}
		});
		frames.observe({ type: 'long-animation-frame' });
		state.observers = [tasks, frames];
	});
	const started = Date.now();
	await issue.click();
	await page.getByTestId('issue-notice').waitFor({ timeout: 120_000 });
	const seconds = (Date.now() - started) / 1000;
	// Long tasks also count while the list reloads after issuing.
	await page.getByTestId('all-issued').waitFor({ timeout: 120_000 });
	const { longTasks, frames } = await page.evaluate(() => {
		const state = globalThis as unknown as { longTasks: number[]; frames: string[] };
		return { longTasks: state.longTasks, frames: state.frames };
	});
	if (process.env.BENCH_DEBUG) for (const frame of frames) log(`  ${frame}`);
	return { seconds, longestTaskMs: Math.max(0, ...longTasks), issued: label };
}

async function main(): Promise<void> {
	if (!process.env.SKIP_BUILD) {
		log('building the app…');
		const built = spawnSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
		if (built.status !== 0) throw new Error('vite build failed');
	}
	// Others may rebuild build/ while this runs: serve a copy of this build.
	rmSync(buildCopy, { recursive: true, force: true });
	cpSync('build', buildCopy, { recursive: true });
	const seedScript = (
		await build({
			entryPoints: ['bench/browser/seed-book.ts'],
			bundle: true,
			write: false,
			format: 'iife',
			platform: 'browser',
			target: 'es2022',
			alias: { $lib: './src/lib' }
		})
	).outputFiles[0]?.text;
	if (!seedScript) throw new Error('seed bundle is empty');

	const dataDir = mkdtempSync(join(tmpdir(), 'ayni-bench-data-'));
	const profileDir = mkdtempSync(join(tmpdir(), 'ayni-bench-profile-'));
	let server: ChildProcess | undefined;
	try {
		server = spawn('node', ['scripts/serve.js'], {
			env: {
				...process.env,
				PORT: String(port),
				AYNI_DATA_DIR: dataDir,
				AYNI_BUILD_DIR: buildCopy
			},
			stdio: 'ignore'
		});
		const baseUrl = `http://localhost:${port}`;
		await waitForServer(`${baseUrl}/`);
		const seededDir = process.env.BENCH_SEEDED;
		const reuse = seededDir !== undefined && existsSync(seededDir);
		if (reuse) {
			cpSync(seededDir, profileDir, { recursive: true });
			// The seeded run's service worker and HTTP cache would serve its build, not this one.
			for (const cached of ['Service Worker', 'Cache']) {
				rmSync(join(profileDir, 'Default', cached), { recursive: true, force: true });
			}
		}
		const launch = () =>
			chromium.launchPersistentContext(profileDir, {
				executablePath: '/usr/bin/chromium',
				args: ['--no-sandbox', '--disable-background-networking'],
				viewport: { width: 360, height: 640 },
				locale: 'es-PE',
				timezoneId: 'America/Lima',
				// The seed script is injected inline; the app's CSP rightly forbids that for real pages.
				bypassCSP: true
			});
		let context = await launch();
		try {
			let page = context.pages()[0] ?? (await context.newPage());
			await page.goto(`${baseUrl}/`);
			const periods = benchPeriods();
			const first = periods[0] as SettlementPeriod;
			const historyFrom = addMonths(first.from, -months);
			if (!reuse) {
				log(`seeding ${members} members, ${months} months of deliveries from ${historyFrom}…`);
				const seedStarted = Date.now();
				await page.addScriptTag({ content: seedScript });
				const seeded = await page.evaluate(
					(options) =>
						(
							globalThis as unknown as {
								ayniSeed: (options: object) => Promise<{ ops: number }>;
							}
						).ayniSeed(options),
					{
						members,
						historyFrom,
						fortnightFrom: first.from,
						fortnightDays:
							Math.round(
								(Date.parse(`${periods[periods.length - 1]?.to}T00:00:00Z`) -
									Date.parse(`${first.from}T00:00:00Z`)) /
									86_400_000
							) + 1
					}
				);
				log(`seeded ${seeded.ops} ops in ${Math.round((Date.now() - seedStarted) / 1000)} s`);
				if (seededDir) {
					await context.close();
					cpSync(profileDir, seededDir, { recursive: true });
					context = await launch();
					page = context.pages()[0] ?? (await context.newPage());
				}
			}

			await page.goto(`${baseUrl}/liquidaciones`);
			await page.waitForSelector('#period');
			const cdp = await context.newCDPSession(page);
			// The first fortnight is issued unthrottled as a warm-up (code loaded, caches filled).
			const warmup = await issueOnce(page, first);
			log(`warm-up: ${warmup.issued} in ${warmup.seconds.toFixed(2)} s`);
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
			const tracePath = process.env.BENCH_TRACE;
			const traceEvents: unknown[] = [];
			if (tracePath) {
				cdp.on('Tracing.dataCollected', ({ value }) => traceEvents.push(...value));
				await cdp.send('Tracing.start', {
					categories:
						'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-v8.cpu_profiler',
					transferMode: 'ReportEvents'
				});
			}
			const results = [];
			for (const period of periods.slice(1)) {
				const result = await issueOnce(page, period);
				log(
					`${period.key}: ${result.issued} in ${result.seconds.toFixed(2)} s, longest task ${Math.round(result.longestTaskMs)} ms`
				);
				results.push(result);
			}
			if (tracePath) {
				const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
				await cdp.send('Tracing.end');
				await done;
				writeFileSync(tracePath, JSON.stringify({ traceEvents }));
			}
			const sorted = results.map((result) => result.seconds).sort((a, b) => a - b);
			const median = sorted[Math.floor(sorted.length / 2)] ?? Infinity;
			const longest = Math.max(...results.map((result) => result.longestTaskMs));
			console.log(
				JSON.stringify({
					bench: 'collection.issue-500-statements',
					value: Number(median.toFixed(2)),
					unit: 's',
					target: targetSeconds,
					ok: median <= targetSeconds
				})
			);
			console.log(
				JSON.stringify({
					bench: 'collection.issue-500-statements.longest-task',
					value: Math.round(longest),
					unit: 'ms',
					target: longTaskTargetMs,
					ok: longest <= longTaskTargetMs
				})
			);
		} finally {
			await context.close();
		}
	} finally {
		server?.kill('SIGTERM');
		rmSync(profileDir, { recursive: true, force: true });
		rmSync(dataDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
