import { updateUser } from '$lib/server/api/associations-api';
import { serveApi } from '$lib/server/http/serve-api';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = (event) => serveApi(event, updateUser);
