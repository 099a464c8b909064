// Production entry: SvelteKit's adapter-node handler behind a plain HTTP server that adds the
// security headers to every response, static files and prerendered pages included (those are
// answered before SvelteKit's hooks run, so the hooks cannot add them).
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// AYNI_BUILD_DIR serves another build (a staged deploy, or the update test's "next version").
const buildDir = resolve(process.env.AYNI_BUILD_DIR ?? 'build');
const { handler } = await import(pathToFileURL(resolve(buildDir, 'handler.js')).href);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

/** Headers every response carries; a page's own CSP (from kit.csp) is stricter and wins. */
const securityHeaders = {
	'Content-Security-Policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'strict-origin-when-cross-origin',
	'X-Frame-Options': 'DENY',
	'Permissions-Policy': 'camera=(self), geolocation=(), microphone=()',
	'Cross-Origin-Opener-Policy': 'same-origin'
};

const server = createServer((request, response) => {
	for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
	handler(request, response, () => {
		response.statusCode = 404;
		response.end('Not found');
	});
});

server.listen(port, host, () => {
	console.log(`Ayni escucha en http://localhost:${port}`);
});

function shutDown() {
	server.close(() => process.exit(0));
	// Keep-alive connections would hold the close open; give them a moment, then leave.
	setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
