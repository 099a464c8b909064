// scripts/serve.js over HTTPS, for the bootstrap benchmark: Chromium offers `br` only over HTTPS,
// and production serves Ayni over HTTPS, so the pull pages travel brotli-compressed as they would
// on a real phone. Same build handler and headers; a self-signed certificate from TLS_CERT/TLS_KEY.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const buildDir = resolve(process.env.AYNI_BUILD_DIR ?? 'build');
const { handler } = await import(pathToFileURL(resolve(buildDir, 'handler.js')).href);
const port = Number(process.env.PORT ?? 3443);

const securityHeaders = {
	'Content-Security-Policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'strict-origin-when-cross-origin',
	'X-Frame-Options': 'DENY',
	'Permissions-Policy': 'camera=(self), geolocation=(), microphone=()',
	'Cross-Origin-Opener-Policy': 'same-origin'
};

const server = createServer(
	{ cert: readFileSync(process.env.TLS_CERT ?? ''), key: readFileSync(process.env.TLS_KEY ?? '') },
	(request, response) => {
		for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
		handler(request, response, () => {
			response.statusCode = 404;
			response.end('Not found');
		});
	}
);

server.listen(port, '127.0.0.1', () => {
	console.log(`Ayni (HTTPS) escucha en https://localhost:${port}`);
});

function shutDown() {
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
