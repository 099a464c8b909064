// Checks every /api request before any endpoint runs (called from src/hooks.server.ts):
//
// - a state-changing request must come from this site's own pages: its Origin must be this
//   server's origin. Scripts that send `Authorization: Bearer` and no Origin are let through:
//   browsers never add that header by themselves, so it cannot be forged cross-site.
// - a body must be JSON. text/plain and form bodies are what a cross-site <form> or a "simple"
//   fetch can send without a CORS preflight, so they are refused before they are read.
//
// SvelteKit's own CSRF check (kit.csrf.checkOrigin) stays on, but it only covers form bodies.
import { errorResponse } from './api-response';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function guardApiRequest(request: Request, url: URL): Response | undefined {
	if (!stateChanging.has(request.method)) return undefined;

	const origin = request.headers.get('origin');
	if (origin === null) {
		const authorization = request.headers.get('authorization') ?? '';
		const fetchSite = request.headers.get('sec-fetch-site');
		const scriptWithToken = authorization.startsWith('Bearer ') && fetchSite === null;
		if (!scriptWithToken) return errorResponse(403, 'origin_must_be_this_server');
	} else if (origin !== url.origin) {
		return errorResponse(403, 'origin_must_be_this_server');
	}

	if (hasBody(request)) {
		const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
		if (type !== 'application/json') return errorResponse(415, 'body_must_be_json');
	}
	return undefined;
}

function hasBody(request: Request): boolean {
	const length = request.headers.get('content-length');
	if (length !== null) return Number(length) > 0;
	return request.headers.has('transfer-encoding') || request.headers.has('content-type');
}
