// Server hooks. `init` opens the database and runs its migrations before the first request is
// served (adapter-node awaits it when build/handler.js loads). `handle` guards every /api request
// (Origin and JSON body, see request-guard.ts), keeps API answers out of every cache, and answers
// unknown /api paths with JSON instead of the app's HTML shell.
import type { Handle, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { errorResponse } from '$lib/server/http/api-response';
import { effectiveUrl } from '$lib/server/http/effective-url';
import { guardApiRequest } from '$lib/server/http/request-guard';
import { closeServerDatabase, serverDatabase } from '$lib/server/server-services';

export const init: ServerInit = async () => {
	// Prerendering at build time runs these hooks too; it needs no database.
	if (building) return;
	const database = await serverDatabase();
	console.log(`Base de datos lista (${database.kind})`);
	// adapter-node's own server emits this on SIGTERM/SIGINT; scripts/serve.js may emit it too.
	process.once('sveltekit:shutdown', () => void closeServerDatabase());
};

export const handle: Handle = async ({ event, resolve }) => {
	if (!event.url.pathname.startsWith('/api/')) return resolve(event);
	const refused =
		event.route.id === null
			? errorResponse(404, 'endpoint_not_found')
			: guardApiRequest(event.request, effectiveUrl(event));
	const response = refused ?? (await resolve(event));
	response.headers.set('cache-control', 'no-store');
	return response;
};
