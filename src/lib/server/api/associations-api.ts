// /api/associations: another association for a person who already has an account, and an admin's
// view of the association's people (their roles, which socio they are, who is disabled).
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import * as z from 'zod/mini';
import { uuidText } from '../../domain/wire-values';
import { appendAudit } from '../audit/audit-log';
import { deleteUserSessions } from '../auth/sessions';
import { associations, memberships, roles, users, type Role } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { errorResponse, fieldErrors, jsonResponse } from '../http/api-response';
import { readJson } from '../http/read-json';
import { nameInput } from './account-input';
import type { ApiHandler } from './api-context';
import { authorize, isUuid, requireCaller } from './authorize';
import { listMemberships } from './memberships-query';

const createBody = z.strictObject({
	associationName: nameInput,
	associationId: z.optional(uuidText)
});

/**
 * POST /api/associations: a logged-in person creates one more association (a milk association and
 * a cuy association), becoming its admin. Like register, `associationId` keeps a local book's id.
 */
export const createAssociation: ApiHandler = async (services, call) => {
	const caller = await requireCaller(services, call);
	if (caller instanceof Response) return caller;
	const body = await readJson(call.request, createBody);
	if (!body.ok) return body.response;
	const associationId = body.value.associationId ?? crypto.randomUUID();
	const now = services.now();
	try {
		await services.db.transaction(async (tx) => {
			await tx
				.insert(associations)
				.values({ id: associationId, name: body.value.associationName, createdAt: now });
			await tx
				.insert(memberships)
				.values({ associationId, userId: caller.userId, role: 'admin', createdAt: now });
			await appendAudit(tx, {
				associationId,
				actorUserId: caller.userId,
				action: 'association.registered',
				details: { name: body.value.associationName },
				ip: call.clientAddress,
				at: now
			});
		});
	} catch (error) {
		if (isUniqueViolation(error)) return errorResponse(409, 'association_must_be_new');
		throw error;
	}
	return jsonResponse(201, {
		associationId,
		memberships: await listMemberships(services.db, caller.userId)
	});
};

interface UserView {
	userId: string;
	name: string;
	login: string;
	role: Role;
	memberId: string | null;
	disabled: boolean;
	joinedAt: string;
}

async function readUsers(
	services: Parameters<ApiHandler>[0],
	associationId: string,
	userId?: string
): Promise<UserView[]> {
	const rows = await services.db
		.select({
			userId: memberships.userId,
			name: users.name,
			login: users.login,
			role: memberships.role,
			memberId: memberships.memberId,
			disabledAt: memberships.disabledAt,
			createdAt: memberships.createdAt
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			userId
				? and(eq(memberships.associationId, associationId), eq(memberships.userId, userId))
				: eq(memberships.associationId, associationId)
		)
		.orderBy(asc(users.name), asc(memberships.userId));
	return rows.map(({ disabledAt, createdAt, ...row }) => ({
		...row,
		disabled: disabledAt !== null,
		joinedAt: createdAt.toISOString()
	}));
}

/** GET /api/associations/:associationId/users: admin and treasurer. */
export const listUsers: ApiHandler = async (services, call) => {
	const associationId = call.params.associationId;
	const allowed = await authorize(
		services,
		call,
		associationId,
		['admin', 'treasurer'],
		'role_must_allow_managing_users'
	);
	if (allowed instanceof Response) return allowed;
	return jsonResponse(200, { users: await readUsers(services, allowed.membership.associationId) });
};

const updateBody = z
	.strictObject({
		role: z.optional(z.enum(roles)),
		memberId: z.optional(z.nullable(uuidText)),
		disabled: z.optional(z.boolean())
	})
	.check(
		z.refine(
			(body) =>
				body.role !== undefined || body.memberId !== undefined || body.disabled !== undefined,
			'change_must_name_a_field'
		)
	);

/**
 * PATCH /api/associations/:associationId/users/:userId: an admin changes a person's role, which
 * socio they are, or disables them. Disabling ends all of that person's sessions at once (they
 * log in again for any other association they belong to). An association always keeps at least
 * one enabled admin.
 */
export const updateUser: ApiHandler = async (services, call) => {
	const associationId = call.params.associationId;
	const allowed = await authorize(
		services,
		call,
		associationId,
		['admin'],
		'role_must_allow_managing_users'
	);
	if (allowed instanceof Response) return allowed;
	const targetId = call.params.userId;
	const [target] = isUuid(targetId)
		? await services.db
				.select()
				.from(memberships)
				.where(
					and(
						eq(memberships.associationId, allowed.membership.associationId),
						eq(memberships.userId, targetId)
					)
				)
		: [];
	if (!target) return errorResponse(404, 'user_not_found');
	const body = await readJson(call.request, updateBody);
	if (!body.ok) return body.response;

	const role = body.value.role ?? target.role;
	const memberId = body.value.memberId === undefined ? target.memberId : body.value.memberId;
	const disabled = body.value.disabled ?? target.disabledAt !== null;
	if (role === 'member' && !memberId) {
		return fieldErrors([{ field: 'memberId', code: 'member_id_required_for_member' }]);
	}
	const wasActiveAdmin = target.role === 'admin' && target.disabledAt === null;
	if (wasActiveAdmin && (role !== 'admin' || disabled)) {
		const [otherAdmin] = await services.db
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(
				and(
					eq(memberships.associationId, target.associationId),
					eq(memberships.role, 'admin'),
					isNull(memberships.disabledAt),
					ne(memberships.userId, target.userId)
				)
			)
			.limit(1);
		if (!otherAdmin) return errorResponse(409, 'association_must_keep_an_admin');
	}

	const now = services.now();
	const audit = (action: string, details: Record<string, string | null>) => ({
		associationId: target.associationId,
		actorUserId: allowed.caller.userId,
		action,
		details: { userId: target.userId, ...details },
		ip: call.clientAddress,
		at: now
	});
	await services.db.transaction(async (tx) => {
		await tx
			.update(memberships)
			.set({
				role,
				memberId,
				disabledAt: disabled ? (target.disabledAt ?? now) : null
			})
			.where(
				and(
					eq(memberships.associationId, target.associationId),
					eq(memberships.userId, target.userId)
				)
			);
		if (role !== target.role) {
			await appendAudit(tx, audit('membership.role_changed', { from: target.role, to: role }));
		}
		if (memberId !== target.memberId) {
			await appendAudit(
				tx,
				audit('membership.member_changed', { from: target.memberId, to: memberId })
			);
		}
		if (disabled && target.disabledAt === null) {
			await deleteUserSessions(tx, target.userId);
			await appendAudit(tx, audit('membership.disabled', {}));
		}
		if (!disabled && target.disabledAt !== null) {
			await appendAudit(tx, audit('membership.enabled', {}));
		}
	});
	const [user] = await readUsers(services, target.associationId, target.userId);
	return jsonResponse(200, { user });
};
