// `npm test`: every check, in the order that fails fastest. Lint and types, unit tests, then
// integration tests (PGlite and PostgreSQL), then a production build with its size budget, then
// the end-to-end tests in Chromium. Prints one summary line with the test counts at the end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });

const steps = [
	{ name: 'check', command: ['npm', 'run', 'check'] },
	{
		name: 'unit',
		command: [
			'npx',
			'vitest',
			'run',
			'--project',
			'unit',
			'--reporter=default',
			'--reporter=json',
			'--outputFile.json=test-results/unit.json'
		],
		report: 'test-results/unit.json'
	},
	{
		name: 'integration',
		command: [
			'npx',
			'vitest',
			'run',
			'--project',
			'integration',
			'--reporter=default',
			'--reporter=json',
			'--outputFile.json=test-results/integration.json'
		],
		report: 'test-results/integration.json'
	},
	{ name: 'build', command: ['npx', 'vite', 'build'] },
	{ name: 'size', command: ['node', 'scripts/size.js'] },
	{
		name: 'e2e',
		command: ['npx', 'playwright', 'test', '--reporter=list,json'],
		env: { PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/e2e.json' },
		report: 'test-results/e2e.json'
	}
];

const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Failed tests with the start of their error, repeated at the end: CI logs keep only the tail. */
const failures = [];
const failedSteps = [];
const started = Date.now();

for (const step of steps) {
	if (only.length > 0 && !only.includes(step.name)) continue;
	console.log(`\n━━ ${step.name} ━━`);
	const [command, ...args] = step.command;
	const result = spawnSync(command, args, {
		stdio: 'inherit',
		env: { ...process.env, ...step.env }
	});
	if (step.report) addCounts(step.report);
	if (result.status !== 0) {
		failedSteps.push(step.name);
		// Without a build there is nothing to measure or to drive in a browser.
		if (step.name === 'build') break;
	}
}

const seconds = Math.round((Date.now() - started) / 1000);
const verdict = failedSteps.length === 0 ? 'ok' : `FAILED (${failedSteps.join(', ')})`;
console.log(`\nnpm test ${verdict} in ${seconds} s`);
for (const failure of failures) console.log(`failed: ${failure}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length === 0 ? 0 : 1);

function addCounts(reportPath) {
	if (!existsSync(reportPath)) return;
	const report = JSON.parse(readFileSync(reportPath, 'utf8'));
	if ('numPassedTests' in report) {
		totals.passed += report.numPassedTests;
		totals.failed += report.numFailedTests;
		totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
		for (const file of report.testResults ?? []) {
			for (const test of file.assertionResults ?? []) {
				if (test.status !== 'failed') continue;
				failures.push(`${test.fullName}\n  ${firstLines(test.failureMessages?.[0])}`);
			}
			// A file that failed to load has no tests, only a message.
			if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') {
				failures.push(`${file.name}\n  ${firstLines(file.message)}`);
			}
		}
	} else if (report.stats) {
		totals.passed += report.stats.expected + report.stats.flaky;
		totals.failed += report.stats.unexpected;
		totals.skipped += report.stats.skipped;
		collectPlaywrightFailures(report.suites ?? []);
		// Failures outside any test (global setup, a file that does not load).
		for (const error of report.errors ?? []) failures.push(`e2e\n  ${firstLines(error.message)}`);
	}
}

function collectPlaywrightFailures(suites) {
	for (const suite of suites) {
		for (const spec of suite.specs ?? []) {
			if (spec.ok) continue;
			const results = (spec.tests ?? []).flatMap((test) => test.results ?? []);
			const error = results.findLast((result) => result.error)?.error?.message;
			failures.push(`${spec.file} › ${spec.title}\n  ${firstLines(error)}`);
		}
		collectPlaywrightFailures(suite.suites ?? []);
	}
}

/** The first lines of an error, without terminal colours, indented under the test's name. */
function firstLines(text = '') {
	// eslint-disable-next-line no-control-regex
	const plain = String(text).replace(/\u001b\[[0-9;]*m/g, '');
	return plain.split('\n').slice(0, 12).join('\n  ');
}
