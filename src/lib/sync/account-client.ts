// The app's side of the account API (docs/api.md): one function per endpoint, each answering
// "done", "refused, and why" (the server's rule code and the fields to mark) or "no connection".
// The browser's HttpOnly session cookie travels with every call; the app never sees the token.

export type Role = 'admin' | 'treasurer' | 'collector' | 'member';
export const roles: readonly Role[] = ['admin', 'treasurer', 'collector', 'member'];

export interface Membership {
	associationId: string;
	associationName: string;
	role: Role;
	memberId: string | null;
}

export interface FieldProblem {
	field: string;
	code: string;
}

export type AccountResult<T> =
	| { ok: true; value: T }
	/** No answer: offline, or the server is down. Nothing was changed that we know of. */
	| { ok: false; offline: true }
	| {
			ok: false;
			offline?: false;
			status: number;
			error: string;
			fields: FieldProblem[];
			retryAfterSeconds?: number;
	  };

export interface SignedIn {
	userId: string;
	memberships: Membership[];
}

export interface SessionInfo {
	userId: string;
	name: string;
	login: string;
	session: { id: string; expiresAt: string };
	memberships: Membership[];
}

export interface DeviceSession {
	id: string;
	deviceName: string;
	createdAt: string;
	lastSeenAt: string;
	current: boolean;
}

export interface AssociationUser {
	userId: string;
	name: string;
	login: string;
	role: Role;
	memberId: string | null;
	disabled: boolean;
	joinedAt: string;
}

export interface CreatedInvitation {
	invitationId: string;
	code: string;
	role: Role;
	memberId: string | null;
	expiresAt: string;
}

export interface InvitationSummary {
	invitationId: string;
	role: Role;
	memberId: string | null;
	createdBy: string;
	createdAt: string;
	expiresAt: string;
	status: 'pending' | 'used' | 'revoked' | 'expired';
}

async function call<T>(method: string, path: string, body?: unknown): Promise<AccountResult<T>> {
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			credentials: 'same-origin',
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		return { ok: false, offline: true };
	}
	const text = await response.text().catch(() => '');
	let parsed: unknown;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = undefined;
	}
	if (response.ok) return { ok: true, value: parsed as T };
	// A proxy's error page or a gateway timeout is not the server refusing: treat it as no answer.
	if (!parsed || typeof parsed !== 'object' || !('error' in parsed)) {
		return { ok: false, offline: true };
	}
	const refusal = parsed as { error: string; fields?: FieldProblem[] };
	const retryAfter = Number(response.headers.get('retry-after'));
	return {
		ok: false,
		status: response.status,
		error: refusal.error,
		fields: Array.isArray(refusal.fields) ? refusal.fields : [],
		...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {})
	};
}

const association = (id: string) => `/api/associations/${encodeURIComponent(id)}`;

export const accountApi = {
	register: (input: {
		associationName: string;
		adminName: string;
		login: string;
		password: string;
		associationId?: string;
	}) => call<SignedIn & { associationId: string }>('POST', '/api/auth/register', input),

	login: (input: { login: string; password: string }) =>
		call<SignedIn & { name: string }>('POST', '/api/auth/login', input),

	logout: () => call<undefined>('POST', '/api/auth/logout'),

	session: () => call<SessionInfo>('GET', '/api/auth/session'),

	changePassword: (input: { currentPassword: string; newPassword: string }) =>
		call<undefined>('POST', '/api/auth/password', input),

	join: (input: { code: string; name: string; login: string; password: string }) =>
		call<SignedIn & { associationId: string; role: Role; memberId: string | null }>(
			'POST',
			'/api/auth/join',
			input
		),

	acceptInvitation: (input: { code: string }) =>
		call<{ associationId: string; role: Role; memberships: Membership[] }>(
			'POST',
			'/api/invitations/accept',
			input
		),

	listSessions: () => call<{ sessions: DeviceSession[] }>('GET', '/api/auth/sessions'),

	closeSession: (sessionId: string) =>
		call<undefined>('DELETE', `/api/auth/sessions/${encodeURIComponent(sessionId)}`),

	createAssociation: (input: { associationName: string; associationId?: string }) =>
		call<{ associationId: string; memberships: Membership[] }>('POST', '/api/associations', input),

	listUsers: (associationId: string) =>
		call<{ users: AssociationUser[] }>('GET', `${association(associationId)}/users`),

	updateUser: (
		associationId: string,
		userId: string,
		change: { role?: Role; memberId?: string | null; disabled?: boolean }
	) =>
		call<{ user: AssociationUser }>(
			'PATCH',
			`${association(associationId)}/users/${encodeURIComponent(userId)}`,
			change
		),

	createInvitation: (associationId: string, input: { role: Role; memberId?: string }) =>
		call<CreatedInvitation>('POST', `${association(associationId)}/invitations`, input),

	listInvitations: (associationId: string) =>
		call<{ invitations: InvitationSummary[] }>('GET', `${association(associationId)}/invitations`),

	revokeInvitation: (associationId: string, invitationId: string) =>
		call<undefined>(
			'DELETE',
			`${association(associationId)}/invitations/${encodeURIComponent(invitationId)}`
		)
};

/** The roles a role may hand out in an invitation (the server enforces the same rule). */
export function invitableRoles(role: Role): readonly Role[] {
	if (role === 'admin') return roles;
	if (role === 'treasurer') return ['collector', 'member'];
	return [];
}

/** The code inside a scanned or pasted invitation link (`…/unirse#codigo=ABCDE-FGHJK`), or as is. */
export function invitationCodeFrom(text: string): string {
	const match = /[#?&]codigo=([A-Za-z0-9-]+)/.exec(text);
	return (match?.[1] ?? text).trim().toUpperCase();
}

/** The link a QR code carries: opening it with the phone's camera lands on the join page. */
export function invitationLink(origin: string, code: string): string {
	return `${origin}/unirse#codigo=${encodeURIComponent(code)}`;
}
