// /api/auth: creating an association with its first admin, logging in and out, the caller's own
// session, and changing one's password. Each function checks its body and rules first and only
// then writes, in one transaction, so a refused call leaves nothing behind.
import { eq } from 'drizzle-orm';
import * as z from 'zod/mini';
import { uuidText } from '../../domain/wire-values';
import { appendAudit } from '../audit/audit-log';
import { addressKey } from '../auth/failure-throttle';
import { normalizeLogin } from '../auth/login-name';
import {
	decoyPasswordHash,
	hashPassword,
	passwordHashIsOutdated,
	verifyPassword
} from '../auth/password-hash';
import { checkPassword } from '../auth/password-policy';
import { expiredSessionCookie, readSessionToken, sessionCookie } from '../auth/session-cookie';
import {
	createSession,
	deleteSession,
	deleteUserSessions,
	findCaller,
	type NewSession
} from '../auth/sessions';
import { associations, memberships, users } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { errorResponse, fieldErrors, jsonResponse, noContent } from '../http/api-response';
import { readJson } from '../http/read-json';
import {
	checkNewAccount,
	deviceName,
	deviceNameInput,
	loginInput,
	nameInput,
	passwordInput
} from './account-input';
import type { ApiCall, ApiHandler, ApiServices } from './api-context';
import { requireCaller } from './authorize';
import { listMemberships } from './memberships-query';

const registerBody = z.strictObject({
	associationName: nameInput,
	adminName: nameInput,
	login: loginInput,
	password: passwordInput,
	associationId: z.optional(uuidText),
	deviceName: deviceNameInput
});

/**
 * POST /api/auth/register: a new association with its first admin, who is logged in on this
 * device. `associationId` keeps the id of a book started offline. A retry after a lost answer
 * meets `login_must_be_unique` (or `association_must_be_new`) and should log in instead.
 */
export const register: ApiHandler = async (services, call) => {
	const body = await readJson(call.request, registerBody);
	if (!body.ok) return body.response;
	const { login, problems } = checkNewAccount(body.value);
	if (problems.length > 0) return fieldErrors(problems);

	const associationId = body.value.associationId ?? crypto.randomUUID();
	const refusal = await refuseTaken(services, { login, associationId });
	if (refusal) return refusal;

	const passwordHash = await hashPassword(body.value.password);
	const now = services.now();
	const userId = crypto.randomUUID();
	let session: NewSession;
	try {
		session = await services.db.transaction(async (tx) => {
			await tx
				.insert(associations)
				.values({ id: associationId, name: body.value.associationName, createdAt: now });
			await tx
				.insert(users)
				.values({ id: userId, login, name: body.value.adminName, passwordHash, createdAt: now });
			await tx.insert(memberships).values({ associationId, userId, role: 'admin', createdAt: now });
			const opened = await createSession(tx, {
				userId,
				deviceName: deviceName(call.request, body.value.deviceName),
				now
			});
			await appendAudit(tx, {
				associationId,
				actorUserId: userId,
				action: 'association.registered',
				details: { name: body.value.associationName, sessionId: opened.id },
				ip: call.clientAddress,
				at: now
			});
			return opened;
		});
	} catch (error) {
		// Someone took the login or the id between the check above and this transaction.
		if (isUniqueViolation(error)) return (await refuseTaken(services, { login, associationId }))!;
		throw error;
	}
	const joined = await listMemberships(services.db, userId);
	return jsonResponse(
		201,
		{ associationId, userId, token: session.token, memberships: joined },
		{ 'set-cookie': cookieFor(call, session, now) }
	);
};

async function refuseTaken(
	services: ApiServices,
	input: { login: string; associationId: string }
): Promise<Response | undefined> {
	const [taken] = await services.db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.login, input.login))
		.limit(1);
	if (taken) {
		return errorResponse(409, 'login_must_be_unique', {
			fields: [{ field: 'login', code: 'login_must_be_unique' }]
		});
	}
	const [exists] = await services.db
		.select({ id: associations.id })
		.from(associations)
		.where(eq(associations.id, input.associationId))
		.limit(1);
	if (exists) return errorResponse(409, 'association_must_be_new');
	return undefined;
}

const loginBody = z.strictObject({
	login: loginInput,
	password: passwordInput,
	deviceName: deviceNameInput
});

/**
 * POST /api/auth/login: a new session (and token) at every login; the session the device held
 * before, if any, ends. After 10 failures in a minute an account answers 429 until the oldest
 * ages out; an address gets 100, because a village may share one carrier address.
 */
export const login: ApiHandler = async (services, call) => {
	const body = await readJson(call.request, loginBody);
	if (!body.ok) return body.response;
	const now = services.now();
	const loginName = normalizeLogin(body.value.login);
	const accountKey = `login:${loginName}`;
	const address = addressKey(call.clientAddress);
	const waitMs = Math.max(
		services.throttles.loginByAccount.retryAfterMs(accountKey, now.getTime()),
		services.throttles.loginByAddress.retryAfterMs(address, now.getTime())
	);
	if (waitMs > 0) return tooManyFailures(waitMs);

	const [user] = await services.db.select().from(users).where(eq(users.login, loginName)).limit(1);
	const passwordMatches = await verifyPassword(
		user?.passwordHash ?? (await decoyPasswordHash()),
		body.value.password
	);
	if (!user || !passwordMatches) {
		services.throttles.loginByAccount.recordFailure(accountKey, now.getTime());
		services.throttles.loginByAddress.recordFailure(address, now.getTime());
		await services.db.transaction((tx) =>
			appendAudit(tx, {
				actorUserId: user?.id ?? null,
				action: 'login.failed',
				// An unknown login is not recorded: it is often a password typed in the wrong box.
				details: { knownAccount: Boolean(user) },
				ip: call.clientAddress,
				at: now
			})
		);
		return errorResponse(401, 'login_or_password_incorrect');
	}
	if (user.disabledAt) return errorResponse(403, 'account_must_be_enabled');
	services.throttles.loginByAccount.forget(accountKey);

	const newHash = passwordHashIsOutdated(user.passwordHash)
		? await hashPassword(body.value.password)
		: undefined;
	const previousToken = readSessionToken(call.request, call.url);
	const previous = previousToken ? await findCaller(services.db, previousToken, now) : undefined;
	const session = await services.db.transaction(async (tx) => {
		if (previous) await deleteSession(tx, previous.sessionId);
		if (newHash) await tx.update(users).set({ passwordHash: newHash }).where(eq(users.id, user.id));
		const opened = await createSession(tx, {
			userId: user.id,
			deviceName: deviceName(call.request, body.value.deviceName),
			now
		});
		await appendAudit(tx, {
			actorUserId: user.id,
			action: 'login.succeeded',
			details: { sessionId: opened.id },
			ip: call.clientAddress,
			at: now
		});
		return opened;
	});
	const joined = await listMemberships(services.db, user.id);
	return jsonResponse(
		200,
		{ userId: user.id, name: user.name, token: session.token, memberships: joined },
		{ 'set-cookie': cookieFor(call, session, now) }
	);
};

function tooManyFailures(waitMs: number): Response {
	return errorResponse(429, 'too_many_failed_logins', {
		headers: { 'retry-after': String(Math.ceil(waitMs / 1000)) }
	});
}

/** POST /api/auth/logout: ends this device's session. Answers 204 even when there was none. */
export const logout: ApiHandler = async (services, call) => {
	const token = readSessionToken(call.request, call.url);
	const now = services.now();
	const caller = token ? await findCaller(services.db, token, now) : undefined;
	if (caller) {
		await services.db.transaction(async (tx) => {
			await deleteSession(tx, caller.sessionId);
			await appendAudit(tx, {
				actorUserId: caller.userId,
				action: 'session.closed',
				details: { sessionId: caller.sessionId, by: 'logout' },
				ip: call.clientAddress,
				at: now
			});
		});
	}
	return noContent({ 'set-cookie': expiredSessionCookie(call.url) });
};

/** GET /api/auth/session: who this session belongs to and their associations. */
export const currentSession: ApiHandler = async (services, call) => {
	const caller = await requireCaller(services, call);
	if (caller instanceof Response) return caller;
	return jsonResponse(200, {
		userId: caller.userId,
		name: caller.name,
		login: caller.login,
		session: { id: caller.sessionId, expiresAt: caller.absoluteExpiresAt.toISOString() },
		memberships: await listMemberships(services.db, caller.userId)
	});
};

const passwordBody = z.strictObject({
	currentPassword: passwordInput,
	newPassword: passwordInput
});

/**
 * POST /api/auth/password: a new password, given the current one. Every other session of the
 * account ends (a lost phone stops working); this one stays. Wrong current passwords count as
 * failed logins, so a borrowed session cannot be used to guess the password.
 */
export const changePassword: ApiHandler = async (services, call) => {
	const caller = await requireCaller(services, call);
	if (caller instanceof Response) return caller;
	const body = await readJson(call.request, passwordBody);
	if (!body.ok) return body.response;
	const now = services.now();
	const accountKey = `login:${caller.login}`;
	const waitMs = services.throttles.loginByAccount.retryAfterMs(accountKey, now.getTime());
	if (waitMs > 0) return tooManyFailures(waitMs);

	const problem = checkPassword(body.value.newPassword, caller.login);
	if (problem) return fieldErrors([{ field: 'newPassword', code: problem }]);
	const [user] = await services.db
		.select({ passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.id, caller.userId));
	if (!user || !(await verifyPassword(user.passwordHash, body.value.currentPassword))) {
		services.throttles.loginByAccount.recordFailure(accountKey, now.getTime());
		return errorResponse(403, 'current_password_must_match', {
			fields: [{ field: 'currentPassword', code: 'current_password_must_match' }]
		});
	}
	const passwordHash = await hashPassword(body.value.newPassword);
	await services.db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, passwordChangedAt: now })
			.where(eq(users.id, caller.userId));
		await deleteUserSessions(tx, caller.userId, caller.sessionId);
		await appendAudit(tx, {
			actorUserId: caller.userId,
			action: 'password.changed',
			details: { sessionId: caller.sessionId },
			ip: call.clientAddress,
			at: now
		});
	});
	return noContent();
};

export function cookieFor(call: ApiCall, session: NewSession, now: Date): string {
	return sessionCookie(
		call.url,
		session.token,
		(session.absoluteExpiresAt.getTime() - now.getTime()) / 1000
	);
}
