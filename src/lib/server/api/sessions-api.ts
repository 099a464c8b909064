// /api/auth/sessions: the caller's own devices, and closing one (a lost or sold phone).
import { and, desc, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/audit-log';
import { expiredSessionCookie } from '../auth/session-cookie';
import { deleteSession, sessionIdleMs } from '../auth/sessions';
import { sessions } from '../db/schema';
import { errorResponse, jsonResponse, noContent } from '../http/api-response';
import type { ApiHandler } from './api-context';
import { isUuid, requireCaller } from './authorize';

/** GET /api/auth/sessions: the caller's sessions that are still open, newest first. */
export const listSessions: ApiHandler = async (services, call) => {
	const caller = await requireCaller(services, call);
	if (caller instanceof Response) return caller;
	const nowMs = services.now().getTime();
	const rows = await services.db
		.select()
		.from(sessions)
		.where(eq(sessions.userId, caller.userId))
		.orderBy(desc(sessions.lastSeenAt));
	const open = rows.filter(
		(row) =>
			row.lastSeenAt.getTime() + sessionIdleMs > nowMs && row.absoluteExpiresAt.getTime() > nowMs
	);
	return jsonResponse(200, {
		sessions: open.map((row) => ({
			id: row.id,
			deviceName: row.deviceName,
			createdAt: row.createdAt.toISOString(),
			lastSeenAt: row.lastSeenAt.toISOString(),
			current: row.id === caller.sessionId
		}))
	});
};

/** DELETE /api/auth/sessions/:sessionId: closes one of the caller's own sessions. */
export const closeSession: ApiHandler = async (services, call) => {
	const caller = await requireCaller(services, call);
	if (caller instanceof Response) return caller;
	const sessionId = call.params.sessionId;
	if (!isUuid(sessionId)) return errorResponse(404, 'session_not_found');
	const [own] = await services.db
		.select({ id: sessions.id })
		.from(sessions)
		.where(and(eq(sessions.id, sessionId), eq(sessions.userId, caller.userId)));
	// Another person's session is "not found": its id says nothing to this caller.
	if (!own) return errorResponse(404, 'session_not_found');
	const now = services.now();
	await services.db.transaction(async (tx) => {
		await deleteSession(tx, sessionId);
		await appendAudit(tx, {
			actorUserId: caller.userId,
			action: 'session.closed',
			details: { sessionId, by: 'owner' },
			ip: call.clientAddress,
			at: now
		});
	});
	const isCurrent = sessionId === caller.sessionId;
	return noContent(isCurrent ? { 'set-cookie': expiredSessionCookie(call.url) } : {});
};
