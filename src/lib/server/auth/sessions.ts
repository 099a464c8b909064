// Device sessions. A phone stays logged in for weeks without signal, so a session ends only when
// it has been idle longer than `sessionIdleMs`, at `sessionAbsoluteMs` after the login whatever
// happens, when its owner closes it, or when the owner's account is disabled. Every login makes a
// new session with a new token; the token is never stored, only its SHA-256.
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/database';
import { sessions, users } from '../db/schema';
import { newSessionToken, sha256Hex } from './tokens';

const dayMs = 24 * 60 * 60 * 1000;
/** Long enough for a producer who comes down to the valley (and into signal) once a month. */
export const sessionIdleMs = 60 * dayMs;
export const sessionAbsoluteMs = 180 * dayMs;
/** last_seen_at is written at most this often, so reading with a session is not a write. */
const touchEveryMs = 10 * 60 * 1000;

export const deviceNameMaxChars = 60;

export interface NewSession {
	id: string;
	token: string;
	absoluteExpiresAt: Date;
}

export async function createSession(
	tx: Db,
	input: { userId: string; deviceName: string; now: Date }
): Promise<NewSession> {
	const token = newSessionToken();
	const id = crypto.randomUUID();
	const absoluteExpiresAt = new Date(input.now.getTime() + sessionAbsoluteMs);
	await tx.insert(sessions).values({
		id,
		tokenHash: sha256Hex(token),
		userId: input.userId,
		deviceName: input.deviceName,
		createdAt: input.now,
		lastSeenAt: input.now,
		absoluteExpiresAt
	});
	return { id, token, absoluteExpiresAt };
}

export interface Caller {
	userId: string;
	sessionId: string;
	name: string;
	login: string;
	absoluteExpiresAt: Date;
}

/**
 * The person behind a token, or undefined when the token is unknown, expired (idle or absolute)
 * or its account is disabled. An expired session is deleted on sight.
 */
export async function findCaller(db: Db, token: string, now: Date): Promise<Caller | undefined> {
	const [found] = await db
		.select({
			sessionId: sessions.id,
			userId: sessions.userId,
			lastSeenAt: sessions.lastSeenAt,
			absoluteExpiresAt: sessions.absoluteExpiresAt,
			name: users.name,
			login: users.login,
			disabledAt: users.disabledAt
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.tokenHash, sha256Hex(token)))
		.limit(1);
	if (!found) return undefined;
	const nowMs = now.getTime();
	const expired =
		found.lastSeenAt.getTime() + sessionIdleMs <= nowMs ||
		found.absoluteExpiresAt.getTime() <= nowMs;
	if (expired || found.disabledAt) {
		await db.delete(sessions).where(eq(sessions.id, found.sessionId));
		return undefined;
	}
	if (nowMs - found.lastSeenAt.getTime() >= touchEveryMs) {
		await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, found.sessionId));
	}
	return {
		userId: found.userId,
		sessionId: found.sessionId,
		name: found.name,
		login: found.login,
		absoluteExpiresAt: found.absoluteExpiresAt
	};
}

export async function deleteSession(tx: Db, sessionId: string): Promise<void> {
	await tx.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user, or every one but `keepSessionId`. */
export async function deleteUserSessions(
	tx: Db,
	userId: string,
	keepSessionId?: string
): Promise<void> {
	await tx
		.delete(sessions)
		.where(
			keepSessionId
				? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
				: eq(sessions.userId, userId)
		);
}
