import { associationJournal } from '$lib/server/sync/sync-api';
import { serveApi } from '$lib/server/http/serve-api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => serveApi(event, associationJournal);
