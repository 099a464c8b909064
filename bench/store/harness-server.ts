// Builds the store harness page (once per process) and serves it from a free port, for the store
// benchmark and the crash-safety e2e test.
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
export const harnessDir = fileURLToPath(new URL('../out/store-harness', import.meta.url));

const types: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8'
};

export async function buildHarness(): Promise<void> {
	await build({ configFile });
}

/** Serves the built harness on 127.0.0.1 and a free port; close the server when done. */
export async function serveHarness(): Promise<{ url: string; server: Server }> {
	const server = createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://localhost').pathname;
		const file = normalize(join(harnessDir, path === '/' ? 'index.html' : path));
		if (!file.startsWith(harnessDir) || !existsSync(file)) {
			response.statusCode = 404;
			response.end('not found');
			return;
		}
		response.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
		response.setHeader('Cache-Control', 'no-store');
		createReadStream(file).pipe(response);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return { url: `http://127.0.0.1:${port}/`, server };
}
