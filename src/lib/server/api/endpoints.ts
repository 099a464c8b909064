// Every /api endpoint in one table: the +server.ts files under src/routes/api export exactly these
// (tests/integration/api-routes.test.ts checks both ways), and the tests' router and the roles
// matrix walk this table, so no endpoint can be added without being tested.
import type { ApiHandler } from './api-context';
import { createAssociation, listUsers, updateUser } from './associations-api';
import { changePassword, currentSession, login, logout, register } from './auth-api';
import { health } from './health-api';
import {
	acceptInvitation,
	createInvitation,
	join,
	listInvitations,
	revokeInvitation
} from './invitations-api';
import { closeSession, listSessions } from './sessions-api';
import { syncEndpoints } from '../sync/sync-api';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Endpoint {
	method: HttpMethod;
	/** SvelteKit's route id, e.g. `/api/associations/[associationId]/users`. */
	route: string;
	handler: ApiHandler;
}

/** Accounts, sessions, associations, invitations (docs/api.md, "Accounts and sessions"). */
export const accountEndpoints: readonly Endpoint[] = [
	{ method: 'GET', route: '/api/health', handler: health },
	{ method: 'POST', route: '/api/auth/register', handler: register },
	{ method: 'POST', route: '/api/auth/login', handler: login },
	{ method: 'POST', route: '/api/auth/logout', handler: logout },
	{ method: 'GET', route: '/api/auth/session', handler: currentSession },
	{ method: 'POST', route: '/api/auth/password', handler: changePassword },
	{ method: 'POST', route: '/api/auth/join', handler: join },
	{ method: 'GET', route: '/api/auth/sessions', handler: listSessions },
	{ method: 'DELETE', route: '/api/auth/sessions/[sessionId]', handler: closeSession },
	{ method: 'POST', route: '/api/associations', handler: createAssociation },
	{ method: 'GET', route: '/api/associations/[associationId]/users', handler: listUsers },
	{
		method: 'PATCH',
		route: '/api/associations/[associationId]/users/[userId]',
		handler: updateUser
	},
	{
		method: 'POST',
		route: '/api/associations/[associationId]/invitations',
		handler: createInvitation
	},
	{
		method: 'GET',
		route: '/api/associations/[associationId]/invitations',
		handler: listInvitations
	},
	{
		method: 'DELETE',
		route: '/api/associations/[associationId]/invitations/[invitationId]',
		handler: revokeInvitation
	},
	{ method: 'POST', route: '/api/invitations/accept', handler: acceptInvitation }
];

export const endpoints: readonly Endpoint[] = [...accountEndpoints, ...syncEndpoints];
