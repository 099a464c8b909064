import { changePassword } from '$lib/server/api/auth-api';
import { serveApi } from '$lib/server/http/serve-api';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => serveApi(event, changePassword);
