// Crash safety of the store in real Chromium IndexedDB: a burst of saves is cut by a page reload,
// twenty times. After every reload, each op the page was told was saved is in the log with its
// projections, no projection points at an op that is missing, and the projections equal a fresh
// rebuild from the log — nothing half-written survives.
//
// The collection sheet drives its own e2e; here the store runs in a harness page built from the
// same code (bench/store), so the reload can land at any instant of a write.
import type { Server } from 'node:http';
import { expect, test } from '@playwright/test';
import type {} from '../../bench/store/harness';
import { buildHarness, serveHarness } from '../../bench/store/harness-server';

let harnessUrl = '';
let server: Server | undefined;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	await buildHarness();
	({ url: harnessUrl, server } = await serveHarness());
});

test.afterAll(() => {
	server?.close();
});

test('every save the page reported survives 20 reloads in the middle of a burst', async ({
	page
}) => {
	test.setTimeout(240_000);
	const reported = new Set<string>();
	await page.exposeFunction('reportSaved', (ids: string[]) => {
		for (const id of ids) reported.add(id);
	});
	await page.goto(harnessUrl);
	await page.waitForFunction(() => window.ayniStoreHarness !== undefined);
	await page.evaluate(() => window.ayniStoreHarness.setup({ members: 40 }));

	for (let round = 0; round < 20; round++) {
		const before = reported.size;
		// The burst never ends by itself: the reload cuts it, so its promise rejects.
		const burst = page
			.evaluate((seed) => window.ayniStoreHarness.burst({ count: 1_000_000, seed }), round)
			.catch(() => 'cut by reload');
		await expect.poll(() => reported.size, { timeout: 30_000 }).toBeGreaterThan(before + 3);
		// Land the reload at a different moment of a write each round.
		await page.waitForTimeout((round * 7) % 23);
		await page.reload();
		expect(await burst).toBe('cut by reload');
		await page.waitForFunction(() => window.ayniStoreHarness !== undefined);
		const result = await page.evaluate(
			(reportedIds) => window.ayniStoreHarness.check({ reportedIds }),
			[...reported]
		);
		expect(result.problems).toEqual([]);
		// 40 registrations and the configuration, plus at least every reported save.
		expect(result.ops).toBeGreaterThanOrEqual(reported.size + 41);
	}
});
