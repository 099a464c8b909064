import { health } from '$lib/server/api/health-api';
import { serveApi } from '$lib/server/http/serve-api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => serveApi(event, health);
