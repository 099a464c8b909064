// The endpoint table (src/lib/server/api/endpoints.ts), which the tests drive, and the SvelteKit
// routes under src/routes/api, which the server runs, must list the same endpoints with the same
// functions: a route missing from the table would escape the roles matrix.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { endpoints } from '../../src/lib/server/api/endpoints';

function routeFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? routeFiles(join(dir, entry.name))
			: entry.name === '+server.ts'
				? [join(dir, entry.name)]
				: []
	);
}

/** `METHOD /api/route → handler` from each +server.ts's one-line exports. */
function routed(): string[] {
	return routeFiles('src/routes/api').flatMap((file) => {
		const route = `/${relative('src/routes', file).replace(/\/\+server\.ts$/, '')}`;
		const text = readFileSync(file, 'utf8');
		return [
			...text.matchAll(
				/export const (\w+): RequestHandler = \(event\) => serveApi\(event, (\w+)\)/g
			)
		].map(([, method, handler]) => `${method} ${route} → ${handler}`);
	});
}

it('serves exactly the endpoints of the table, each with its function', () => {
	const table = endpoints.map((e) => `${e.method} ${e.route} → ${e.handler.name}`);
	// Other engineers' routes (e.g. /api/sync) are theirs to test; these are the account side's.
	const ours = routed().filter(
		(line) =>
			table.some((entry) => entry.split(' → ')[0] === line.split(' → ')[0]) ||
			!line.includes('/api/sync')
	);
	expect(ours.sort()).toEqual(table.sort());
});
