// Calls the API the way the server does, without a network: finds the endpoint in the same table
// the +server.ts files use, runs the same request guard as src/hooks.server.ts, then the endpoint
// function, on whichever test database the services hold.
import { newThrottles, type ApiServices } from '../../../src/lib/server/api/api-context';
import { endpoints } from '../../../src/lib/server/api/endpoints';
import type { ServerDatabase } from '../../../src/lib/server/db/database';
import { errorResponse } from '../../../src/lib/server/http/api-response';
import { guardApiRequest } from '../../../src/lib/server/http/request-guard';
import { runHandler } from '../../../src/lib/server/http/run-handler';

export const testOrigin = 'http://ayni.test';

/** A clock the test moves by hand: sessions and throttles read it through services.now. */
export class TestClock {
	#ms: number;
	constructor(start = '2025-03-03T14:00:00.000Z') {
		this.#ms = Date.parse(start);
	}
	now = (): Date => new Date(this.#ms);
	advance(ms: number): void {
		this.#ms += ms;
	}
}

export function testServices(database: ServerDatabase, clock = new TestClock()): ApiServices {
	return { db: database.db, dbKind: database.kind, now: clock.now, throttles: newThrottles() };
}

export interface CallOptions {
	/** A JSON body (serialised here) … */
	json?: unknown;
	/** … or the raw body text, sent with `contentType`. */
	body?: string;
	contentType?: string;
	token?: string;
	cookie?: string;
	/** null sends no Origin header. */
	origin?: string | null;
	headers?: Record<string, string>;
	clientAddress?: string;
	/** The URL's origin, e.g. https://ayni.example to test the HTTPS cookie. */
	base?: string;
}

export interface CallResult {
	status: number;
	headers: Headers;
	// The JSON body, whatever its shape: tests read the fields they expect.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

export async function callApi(
	services: ApiServices,
	method: string,
	path: string,
	options: CallOptions = {}
): Promise<CallResult> {
	const base = options.base ?? testOrigin;
	const url = new URL(path, base);
	const headers = new Headers(options.headers);
	const origin = options.origin === undefined ? base : options.origin;
	if (origin !== null) headers.set('origin', origin);
	if (options.token) headers.set('authorization', `Bearer ${options.token}`);
	if (options.cookie) headers.set('cookie', options.cookie);
	let body: string | undefined;
	if (options.json !== undefined) {
		body = JSON.stringify(options.json);
		headers.set('content-type', options.contentType ?? 'application/json');
	} else if (options.body !== undefined) {
		body = options.body;
		if (options.contentType) headers.set('content-type', options.contentType);
	}
	if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
	const request = new Request(url, { method, headers, body });

	const match = matchEndpoint(method, url.pathname);
	const response =
		guardApiRequest(request, url) ??
		(match
			? await runHandler(match.handler, services, {
					request,
					url,
					params: match.params,
					clientAddress: options.clientAddress ?? '203.0.113.7'
				})
			: errorResponse(404, 'endpoint_not_found'));
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: text ? JSON.parse(text) : undefined
	};
}

function matchEndpoint(method: string, pathname: string) {
	for (const endpoint of endpoints) {
		if (endpoint.method !== method) continue;
		const names: string[] = [];
		const pattern = endpoint.route.replace(/\[(\w+)\]/g, (_, name: string) => {
			names.push(name);
			return '([^/]+)';
		});
		const found = new RegExp(`^${pattern}$`).exec(pathname);
		if (!found) continue;
		const params: Record<string, string> = {};
		names.forEach((name, index) => (params[name] = decodeURIComponent(found[index + 1] ?? '')));
		return { handler: endpoint.handler, params };
	}
	return undefined;
}

/** The `name=value` part of a Set-Cookie header, to send back as a Cookie header. */
export function cookiePair(headers: Headers): string {
	return (headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
