// `npm run size`: the gzipped JavaScript that the first load of "/" downloads, read from the
// build. Budget: 100 KB (issue 3); fails above it. Also fails if any web font was emitted.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const budgetBytes = 100 * 1024;
const clientDir = 'build/client';
const shellPath = ['build/prerendered/index.html', 'build/prerendered/pages/index.html'].find(
	existsSync
);
if (!shellPath) {
	console.error('No prerendered shell found: run `npm run build` first.');
	process.exit(1);
}

const html = readFileSync(shellPath, 'utf8');
// The shell names its entry modules; follow their static imports to get everything the first
// load fetches before the page is usable (dynamic imports load later, on demand).
const entries = [...html.matchAll(/(?:import\(|href=)"\.?(\/_app\/[^"]+\.js)"/g)].map(
	(match) => match[1]
);
const seen = new Set();
const queue = [...entries];
while (queue.length > 0) {
	const url = queue.shift();
	if (seen.has(url)) continue;
	seen.add(url);
	const code = readFileSync(join(clientDir, url), 'utf8');
	for (const match of code.matchAll(
		/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g
	)) {
		queue.push(new URL(match[1], `http://x${url}`).pathname);
	}
}

let gzippedBytes = 0;
for (const url of seen) gzippedBytes += gzipSync(readFileSync(join(clientDir, url))).length;
const fonts = listFiles(clientDir).filter((file) => /\.(woff2?|ttf|otf|eot)$/.test(file));

const kb = (gzippedBytes / 1024).toFixed(1);
const ok = gzippedBytes <= budgetBytes && fonts.length === 0;
console.log(
	JSON.stringify({
		bench: 'size.first-load-js',
		value: Number(kb),
		unit: 'KB gzip',
		target: 100,
		ok,
		files: seen.size,
		fonts: fonts.length
	})
);
process.exit(ok ? 0 : 1);

function listFiles(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]
	);
}
