// Production entry: SvelteKit's adapter-node handler behind a plain HTTP server that adds the
// security headers to every response, static files and prerendered pages included (those are
// answered before SvelteKit's hooks run, so the hooks cannot add them). With TLS_CERT and TLS_KEY
// (PEM files) it serves HTTPS itself, for an association server on its own network without a
// proxy in front; browsers offer brotli only over HTTPS.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

if (Boolean(process.env.TLS_CERT) !== Boolean(process.env.TLS_KEY)) {
	console.error('TLS_CERT y TLS_KEY van juntos: falta uno de los dos.');
	process.exit(1);
}

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

/** @type {import('node:http').RequestListener} */
function answer(request, response) {
	for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
	handler(request, response, () => {
		response.statusCode = 404;
		response.end('Not found');
	});
}

const tls = process.env.TLS_CERT && process.env.TLS_KEY;
const server = tls
	? createHttpsServer(
			{
				cert: readFileSync(process.env.TLS_CERT ?? ''),
				key: readFileSync(process.env.TLS_KEY ?? '')
			},
			answer
		)
	: createHttpServer(answer);

// Node closes an idle keep-alive connection after 5 s. A phone on a slow link reuses such a socket
// just as it closes, retries, and after a few of those gives up on the file
// (net::ERR_TOO_MANY_RETRIES): a page's stylesheet failed that way in the bootstrap bench while two
// pull pages held the link. Idle connections now stay open 75 s, past the pauses of a session.
server.keepAliveTimeout = 75_000;
server.headersTimeout = 76_000;

server.listen(port, host, () => {
	console.log(`Ayni escucha en ${tls ? 'https' : 'http'}://localhost:${port}`);
});

function shutDown() {
	server.close(() => process.exit(0));
	// Keep-alive connections would hold the close open; give them a moment, then leave.
	setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
