// Invitations: an admin or treasurer chooses a role (and, for a member, which socio) and gets a
// short code to show as text and QR; the invitee joins with it (a new account, /api/auth/join) or
// adds the association to the account they have (/api/invitations/accept). A code works once,
// for 7 days, and is stored only as a hash.
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import * as z from 'zod/mini';
import { uuidText } from '../../domain/wire-values';
import { appendAudit } from '../audit/audit-log';
import { addressKey } from '../auth/failure-throttle';
import { hashPassword } from '../auth/password-hash';
import {
	invitationCodeIsWellFormed,
	newInvitationCode,
	normalizeInvitationCode,
	sha256Hex
} from '../auth/tokens';
import { createSession } from '../auth/sessions';
import type { Db } from '../db/database';
import { invitations, memberships, roles, users, type Role } from '../db/schema';
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
import { authorize, isUuid, requireCaller } from './authorize';
import { cookieFor } from './auth-api';
import { listMemberships } from './memberships-query';

export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

/** Which roles each role may invite: a treasurer cannot hand out more power than their own. */
export const invitableRoles: Record<Role, readonly Role[]> = {
	admin: ['admin', 'treasurer', 'collector', 'member'],
	treasurer: ['collector', 'member'],
	collector: [],
	member: []
};

const createBody = z.strictObject({
	role: z.enum(roles),
	memberId: z.optional(z.nullable(uuidText))
});

/** POST /api/associations/:associationId/invitations → 201 {invitationId, code, …}. */
export const createInvitation: ApiHandler = async (services, call) => {
	const allowed = await authorize(
		services,
		call,
		call.params.associationId,
		['admin', 'treasurer'],
		'role_must_allow_invitation'
	);
	if (allowed instanceof Response) return allowed;
	const body = await readJson(call.request, createBody);
	if (!body.ok) return body.response;
	const { role } = body.value;
	const memberId = body.value.memberId ?? null;
	if (!invitableRoles[allowed.membership.role].includes(role)) {
		return errorResponse(403, 'role_must_allow_invitation');
	}
	if (role === 'member' && !memberId) {
		return fieldErrors([{ field: 'memberId', code: 'member_id_required_for_member' }]);
	}
	const now = services.now();
	const code = newInvitationCode();
	const invitationId = crypto.randomUUID();
	const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
	const { associationId } = allowed.membership;
	await services.db.transaction(async (tx) => {
		await tx.insert(invitations).values({
			associationId,
			id: invitationId,
			codeHash: sha256Hex(normalizeInvitationCode(code)),
			role,
			memberId,
			createdBy: allowed.caller.userId,
			createdAt: now,
			expiresAt
		});
		await appendAudit(tx, {
			associationId,
			actorUserId: allowed.caller.userId,
			action: 'invitation.created',
			details: { invitationId, role, memberId },
			ip: call.clientAddress,
			at: now
		});
	});
	return jsonResponse(201, {
		invitationId,
		code,
		role,
		memberId,
		expiresAt: expiresAt.toISOString()
	});
};

type InvitationStatus = 'pending' | 'used' | 'revoked' | 'expired';

function statusOf(
	row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
	now: Date
): InvitationStatus {
	if (row.usedAt) return 'used';
	if (row.revokedAt) return 'revoked';
	return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** GET /api/associations/:associationId/invitations: the latest 100, any status. */
export const listInvitations: ApiHandler = async (services, call) => {
	const allowed = await authorize(
		services,
		call,
		call.params.associationId,
		['admin', 'treasurer'],
		'role_must_allow_invitation'
	);
	if (allowed instanceof Response) return allowed;
	const now = services.now();
	const rows = await services.db
		.select()
		.from(invitations)
		.where(eq(invitations.associationId, allowed.membership.associationId))
		.orderBy(desc(invitations.createdAt))
		.limit(100);
	return jsonResponse(200, {
		invitations: rows.map((row) => ({
			invitationId: row.id,
			role: row.role,
			memberId: row.memberId,
			createdBy: row.createdBy,
			createdAt: row.createdAt.toISOString(),
			expiresAt: row.expiresAt.toISOString(),
			status: statusOf(row, now)
		}))
	});
};

/** DELETE /api/associations/:associationId/invitations/:invitationId: the code stops working. */
export const revokeInvitation: ApiHandler = async (services, call) => {
	const allowed = await authorize(
		services,
		call,
		call.params.associationId,
		['admin', 'treasurer'],
		'role_must_allow_invitation'
	);
	if (allowed instanceof Response) return allowed;
	const invitationId = call.params.invitationId;
	const { associationId } = allowed.membership;
	const [row] = isUuid(invitationId)
		? await services.db
				.select()
				.from(invitations)
				.where(and(eq(invitations.associationId, associationId), eq(invitations.id, invitationId)))
		: [];
	if (!row) return errorResponse(404, 'invitation_not_found');
	if (!invitableRoles[allowed.membership.role].includes(row.role)) {
		return errorResponse(403, 'role_must_allow_invitation');
	}
	if (row.usedAt) return errorResponse(409, 'invitation_already_used');
	if (row.revokedAt) return noContent();
	const now = services.now();
	await services.db.transaction(async (tx) => {
		await tx
			.update(invitations)
			.set({ revokedAt: now })
			.where(and(eq(invitations.associationId, associationId), eq(invitations.id, row.id)));
		await appendAudit(tx, {
			associationId,
			actorUserId: allowed.caller.userId,
			action: 'invitation.revoked',
			details: { invitationId: row.id },
			ip: call.clientAddress,
			at: now
		});
	});
	return noContent();
};

type Invitation = typeof invitations.$inferSelect;

/**
 * The invitation behind a code, or the answer to give. Wrong codes count against the caller's
 * address (20 a minute): with 49 bits per code, guessing one takes far longer than its 7 days.
 */
async function findInvitation(
	services: ApiServices,
	call: ApiCall,
	code: string
): Promise<Invitation | Response> {
	const now = services.now();
	const address = addressKey(call.clientAddress);
	const waitMs = services.throttles.joinByAddress.retryAfterMs(address, now.getTime());
	if (waitMs > 0) {
		return errorResponse(429, 'too_many_wrong_codes', {
			headers: { 'retry-after': String(Math.ceil(waitMs / 1000)) }
		});
	}
	const normalized = normalizeInvitationCode(code);
	const [row] = invitationCodeIsWellFormed(normalized)
		? await services.db
				.select()
				.from(invitations)
				.where(eq(invitations.codeHash, sha256Hex(normalized)))
				.limit(1)
		: [];
	if (!row) {
		services.throttles.joinByAddress.recordFailure(address, now.getTime());
		return errorResponse(404, 'invitation_not_found', {
			fields: [{ field: 'code', code: 'invitation_not_found' }]
		});
	}
	const status = statusOf(row, now);
	if (status !== 'pending') {
		const error = `invitation_${status === 'used' ? 'already_used' : status}`;
		return errorResponse(410, error, { fields: [{ field: 'code', code: error }] });
	}
	return row;
}

/** Marks the invitation used; false when another request used it first. */
async function consumeInvitation(
	tx: Db,
	invitation: Invitation,
	userId: string,
	now: Date
): Promise<boolean> {
	const used = await tx
		.update(invitations)
		.set({ usedAt: now, usedBy: userId })
		.where(
			and(
				eq(invitations.associationId, invitation.associationId),
				eq(invitations.id, invitation.id),
				isNull(invitations.usedAt),
				isNull(invitations.revokedAt),
				gt(invitations.expiresAt, now)
			)
		)
		.returning({ id: invitations.id });
	return used.length === 1;
}

class InvitationRaceLost extends Error {}

const joinBody = z.strictObject({
	code: z.string().check(z.minLength(1, 'code_required'), z.maxLength(40, 'code_too_long')),
	name: nameInput,
	login: loginInput,
	password: passwordInput,
	deviceName: deviceNameInput
});

/**
 * POST /api/auth/join: a new account joins an association with an invitation code, and is logged
 * in on this device → 201 {userId, associationId, role, memberId, token, memberships}.
 */
export const join: ApiHandler = async (services, call) => {
	const body = await readJson(call.request, joinBody);
	if (!body.ok) return body.response;
	const { login, problems } = checkNewAccount(body.value);
	if (problems.length > 0) return fieldErrors(problems);
	const invitation = await findInvitation(services, call, body.value.code);
	if (invitation instanceof Response) return invitation;
	const [taken] = await services.db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.login, login))
		.limit(1);
	if (taken) return loginTaken();

	const passwordHash = await hashPassword(body.value.password);
	const now = services.now();
	const userId = crypto.randomUUID();
	try {
		const session = await services.db.transaction(async (tx) => {
			await tx
				.insert(users)
				.values({ id: userId, login, name: body.value.name, passwordHash, createdAt: now });
			if (!(await consumeInvitation(tx, invitation, userId, now))) throw new InvitationRaceLost();
			await tx.insert(memberships).values({
				associationId: invitation.associationId,
				userId,
				role: invitation.role,
				memberId: invitation.memberId,
				createdAt: now
			});
			const opened = await createSession(tx, {
				userId,
				deviceName: deviceName(call.request, body.value.deviceName),
				now
			});
			await appendAudit(tx, {
				associationId: invitation.associationId,
				actorUserId: userId,
				action: 'invitation.used',
				details: { invitationId: invitation.id, role: invitation.role, newAccount: true },
				ip: call.clientAddress,
				at: now
			});
			return opened;
		});
		return jsonResponse(
			201,
			{
				userId,
				associationId: invitation.associationId,
				role: invitation.role,
				memberId: invitation.memberId,
				token: session.token,
				memberships: await listMemberships(services.db, userId)
			},
			{ 'set-cookie': cookieFor(call, session, now) }
		);
	} catch (error) {
		if (error instanceof InvitationRaceLost) return invitationAlreadyUsed();
		if (isUniqueViolation(error)) return loginTaken();
		throw error;
	}
};

const acceptBody = z.strictObject({
	code: z.string().check(z.minLength(1, 'code_required'), z.maxLength(40, 'code_too_long'))
});

/**
 * POST /api/invitations/accept: a logged-in person adds the invitation's association to their
 * account → 201 {associationId, role, memberId, memberships}.
 */
export const acceptInvitation: ApiHandler = async (services, call) => {
	const caller = await requireCaller(services, call);
	if (caller instanceof Response) return caller;
	const body = await readJson(call.request, acceptBody);
	if (!body.ok) return body.response;
	const invitation = await findInvitation(services, call, body.value.code);
	if (invitation instanceof Response) return invitation;
	const [existing] = await services.db
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(
			and(
				eq(memberships.associationId, invitation.associationId),
				eq(memberships.userId, caller.userId)
			)
		);
	if (existing) return errorResponse(409, 'membership_must_be_new');
	const now = services.now();
	try {
		await services.db.transaction(async (tx) => {
			if (!(await consumeInvitation(tx, invitation, caller.userId, now))) {
				throw new InvitationRaceLost();
			}
			await tx.insert(memberships).values({
				associationId: invitation.associationId,
				userId: caller.userId,
				role: invitation.role,
				memberId: invitation.memberId,
				createdAt: now
			});
			await appendAudit(tx, {
				associationId: invitation.associationId,
				actorUserId: caller.userId,
				action: 'invitation.used',
				details: { invitationId: invitation.id, role: invitation.role, newAccount: false },
				ip: call.clientAddress,
				at: now
			});
		});
	} catch (error) {
		if (error instanceof InvitationRaceLost) return invitationAlreadyUsed();
		if (isUniqueViolation(error)) return errorResponse(409, 'membership_must_be_new');
		throw error;
	}
	return jsonResponse(201, {
		associationId: invitation.associationId,
		role: invitation.role,
		memberId: invitation.memberId,
		memberships: await listMemberships(services.db, caller.userId)
	});
};

function loginTaken(): Response {
	return errorResponse(409, 'login_must_be_unique', {
		fields: [{ field: 'login', code: 'login_must_be_unique' }]
	});
}

function invitationAlreadyUsed(): Response {
	return errorResponse(410, 'invitation_already_used', {
		fields: [{ field: 'code', code: 'invitation_already_used' }]
	});
}
