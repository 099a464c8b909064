import { closeSession } from '$lib/server/api/sessions-api';
import { serveApi } from '$lib/server/http/serve-api';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = (event) => serveApi(event, closeSession);
