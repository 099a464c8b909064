// GET /api/health: the server answers and its database answers.
import { sql } from 'drizzle-orm';
import { jsonResponse } from '../http/api-response';
import type { ApiHandler } from './api-context';

export const health: ApiHandler = async (services) => {
	try {
		await services.db.execute(sql`select 1`);
		return jsonResponse(200, { ok: true, db: services.dbKind });
	} catch {
		return jsonResponse(503, { ok: false, db: services.dbKind });
	}
};
