// The bridge from a SvelteKit RequestEvent to an endpoint function. +server.ts files are one line
// each: `export const POST: RequestHandler = (event) => serveApi(event, login);`.
import type { RequestEvent } from '@sveltejs/kit';
import type { ApiHandler } from '../api/api-context';
import { serverServices } from '../server-services';
import { errorResponse } from './api-response';
import { effectiveUrl } from './effective-url';
import { runHandler } from './run-handler';

export async function serveApi(event: RequestEvent, handler: ApiHandler): Promise<Response> {
	let services;
	try {
		services = await serverServices();
	} catch (error) {
		console.error('Database unavailable:', error);
		return errorResponse(503, 'database_unavailable', { headers: { 'retry-after': '5' } });
	}
	return runHandler(handler, services, {
		request: event.request,
		url: effectiveUrl(event),
		params: event.params as Record<string, string>,
		clientAddress: event.getClientAddress()
	});
}
