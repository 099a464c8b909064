// `npm run lighthouse`: Lighthouse 12 with its mobile defaults against the built app, in the
// system Chromium (CHROMIUM_PATH overrides; nothing is downloaded). Serves the build on a spare
// port with a fresh embedded database, prints the scores, and fails below the budgets.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const budgets = { performance: 0.95, accessibility: 0.95, 'best-practices': 0.95 };
const port = Number(process.env.LIGHTHOUSE_PORT ?? 4180);
const path = process.argv[2] ?? '/';

const server = spawn('node', ['scripts/serve.js'], {
	env: {
		...process.env,
		PORT: String(port),
		AYNI_DATA_DIR: mkdtempSync(join(tmpdir(), 'ayni-lh-'))
	},
	stdio: ['ignore', 'inherit', 'inherit']
});
const chrome = await chromeLauncher.launch({
	chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	chromeFlags: [
		'--headless=new',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
});

let failed = false;
try {
	await waitForServer(`http://localhost:${port}/`);
	const result = await lighthouse(`http://localhost:${port}${path}`, {
		port: chrome.port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: Object.keys(budgets)
	});
	for (const [category, target] of Object.entries(budgets)) {
		const score = result?.lhr.categories[category]?.score ?? 0;
		const ok = score >= target;
		failed ||= !ok;
		console.log(
			JSON.stringify({ bench: `lighthouse.${category}`, value: score, unit: 'score', target, ok })
		);
	}
	for (const audit of Object.values(result?.lhr.audits ?? {})) {
		if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode === 'binary') {
			console.log(`  to look at: ${audit.id} — ${audit.title}`);
		}
	}
} finally {
	await chrome.kill();
	server.kill();
}
process.exit(failed ? 1 : 0);

async function waitForServer(url) {
	for (let attempt = 0; attempt < 100; attempt++) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`The server did not answer at ${url}`);
}
