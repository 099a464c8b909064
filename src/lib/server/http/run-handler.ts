// Runs an endpoint function and turns what it throws into an answer: "busy, retry" when the
// password-hash queue is full, else a bare 500 (details go to the server's log, not the client).
import type { ApiCall, ApiHandler, ApiServices } from '../api/api-context';
import { SemaphoreQueueFullError } from '../semaphore';
import { errorResponse } from './api-response';

export async function runHandler(
	handler: ApiHandler,
	services: ApiServices,
	call: ApiCall
): Promise<Response> {
	try {
		return await handler(services, call);
	} catch (error) {
		if (error instanceof SemaphoreQueueFullError) {
			return errorResponse(503, 'server_busy', { headers: { 'retry-after': '5' } });
		}
		console.error(`${call.request.method} ${call.url.pathname}:`, error);
		return errorResponse(500, 'server_error');
	}
}
