// `npm run bench` runs every benchmark; `npm run bench -- <name>` runs bench/<name>.bench.ts and
// bench/<name>-*.bench.ts (a figure group may span several files).
// Each benchmark prints one JSON line per figure (DESIGN.md section 7); this runner repeats the
// lines at the end and exits non-zero if a figure missed its target.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const names = process.argv.slice(2);
const available = readdirSync('bench')
	.filter((file) => file.endsWith('.bench.ts'))
	.map((file) => file.replace(/\.bench\.ts$/, ''))
	.sort();
const chosen =
	names.length > 0
		? available.filter((file) => names.some((name) => file === name || file.startsWith(`${name}-`)))
		: available;
const unknown = names.filter(
	(name) => !chosen.some((file) => file === name || file.startsWith(`${name}-`))
);
if (unknown.length > 0) {
	console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${available.join(', ')}`);
	process.exit(2);
}

const figures = [];
for (const name of chosen) {
	console.error(`━━ bench ${name} ━━`);
	const run = spawnSync('npx', ['tsx', `bench/${name}.bench.ts`], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 64 * 1024 * 1024
	});
	for (const line of run.stdout.split('\n')) {
		if (line.startsWith('{"bench"')) figures.push(JSON.parse(line));
		if (line.trim()) console.log(line);
	}
	if (run.status !== 0) figures.push({ bench: `${name}.run`, ok: false, exitCode: run.status });
}

const missed = figures.filter((figure) => figure.ok === false);
console.error(`\n${figures.length - missed.length} figures within target, ${missed.length} missed`);
process.exit(missed.length === 0 ? 0 : 1);
