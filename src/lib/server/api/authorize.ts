// Who is calling and what they may do. A call is authenticated by its session (cookie or Bearer
// token); an association's endpoints then need an active membership with an allowed role.
//
// Denials say as little as possible: no session → 401; an association the caller does not belong
// to (or that does not exist, or a malformed id) → 404, so ids of other tenants cannot be probed;
// a role that does not allow the action → 403 with the rule's code.
import { and, eq, isNull } from 'drizzle-orm';
import { uuidText } from '../../domain/wire-values';
import { memberships, type Role } from '../db/schema';
import { findCaller, type Caller } from '../auth/sessions';
import { readSessionToken } from '../auth/session-cookie';
import { errorResponse } from '../http/api-response';
import type { ApiCall, ApiServices } from './api-context';

export type { Caller } from '../auth/sessions';

export interface Membership {
	associationId: string;
	role: Role;
	memberId: string | null;
}

export async function authenticate(
	services: ApiServices,
	call: ApiCall
): Promise<Caller | undefined> {
	const token = readSessionToken(call.request, call.url);
	if (!token) return undefined;
	return findCaller(services.db, token, services.now());
}

/** The caller, or a 401 answer to return as is. */
export async function requireCaller(
	services: ApiServices,
	call: ApiCall
): Promise<Caller | Response> {
	const caller = await authenticate(services, call);
	return caller ?? errorResponse(401, 'session_required');
}

export function isUuid(value: string | undefined): value is string {
	return value !== undefined && uuidText.safeParse(value).success;
}

/** The caller's active membership in an association, or undefined. */
export async function findMembership(
	services: ApiServices,
	userId: string,
	associationId: string
): Promise<Membership | undefined> {
	if (!isUuid(associationId)) return undefined;
	const [found] = await services.db
		.select({
			associationId: memberships.associationId,
			role: memberships.role,
			memberId: memberships.memberId
		})
		.from(memberships)
		.where(
			and(
				eq(memberships.associationId, associationId),
				eq(memberships.userId, userId),
				isNull(memberships.disabledAt)
			)
		)
		.limit(1);
	return found;
}

export interface Authorized {
	caller: Caller;
	membership: Membership;
}

/**
 * For an association's endpoint: the caller and their membership when their role is among
 * `roles`; otherwise the 401/403/404 answer to return as is. `denial` names the rule a refused
 * role breaks, e.g. `role_must_allow_invitations`.
 */
export async function authorize(
	services: ApiServices,
	call: ApiCall,
	associationId: string | undefined,
	roles: readonly Role[],
	denial: string
): Promise<Authorized | Response> {
	const caller = await requireCaller(services, call);
	if (caller instanceof Response) return caller;
	const membership = associationId
		? await findMembership(services, caller.userId, associationId)
		: undefined;
	if (!membership) return errorResponse(404, 'association_not_found');
	if (!roles.includes(membership.role)) return errorResponse(403, denial);
	return { caller, membership };
}
