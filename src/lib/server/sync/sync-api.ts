// The sync endpoints as plain functions of (services, call), like the account endpoints in
// src/lib/server/api: each finds the caller's session and membership, then hands over to the sync
// service, whose answers are already statuses with rule codes. `syncEndpoints` is their routing
// table, for src/lib/server/api/endpoints.ts.
import type { ApiCall, ApiHandler, ApiServices } from '../api/api-context';
import { authorize, findMembership, requireCaller } from '../api/authorize';
import type { Endpoint } from '../api/endpoints';
import { compressedJsonResponse, errorResponse, jsonResponse } from '../http/api-response';
import type { Caller } from './caller';
import { readJsonBody } from './json-body';
import { journalFor } from './journal';
import { pullOps } from './pull';
import { pushBodySchema, pushOps } from './push';
import type { SyncResponse } from './sync-response';
import { fieldErrorsFromZod } from '$lib/ops/field-errors';
import { packOps } from '$lib/ops/op-columns';

/** POST /api/sync/push `{associationId, deviceId, ops}` → `{results}`. */
export const pushSync: ApiHandler = async (services, call) => {
	const session = await requireCaller(services, call);
	if (session instanceof Response) return session;
	const body = await readJsonBody(call.request);
	if (!body.ok) return jsonResponse(body.status, body.body);
	const batch = pushBodySchema.safeParse(body.value);
	if (!batch.success) {
		return errorResponse(400, 'body_must_match_schema', {
			fields: fieldErrorsFromZod(batch.error.issues).slice(0, 20)
		});
	}
	const caller = await syncCaller(services, session.userId, batch.data.associationId);
	if (!caller) return errorResponse(404, 'association_not_found');
	return answer(
		await pushOps({ db: services.db, caller, body: batch.data, ip: call.clientAddress })
	);
};

/**
 * GET /api/sync/pull?associationId=…&after=…&limit=…[&part=recent|history&since=…&head=…] →
 * `{ops, next, more, view[, head, since]}`; with
 * `format=columns`, `{pack, next, more, view}`: the same ops packed by columns ($lib/ops/op-columns).
 */
export const pullSync: ApiHandler = async (services, call) => {
	const session = await requireCaller(services, call);
	if (session instanceof Response) return session;
	const query = call.url.searchParams;
	const format = query.get('format');
	if (format !== null && format !== 'columns') return errorResponse(400, 'format_must_be_columns');
	const associationId = query.get('associationId') ?? '';
	const caller = await syncCaller(services, session.userId, associationId);
	if (!caller) return errorResponse(404, 'association_not_found');
	const pulled = await pullOps({
		db: services.db,
		caller,
		associationId,
		after: query.get('after'),
		limit: query.get('limit'),
		userId: query.get('userId'),
		part: query.get('part'),
		since: query.get('since'),
		head: query.get('head')
	});
	if (pulled.status !== 200)
		return compressedJsonResponse(call.request, pulled.status, pulled.body);
	// Where the next page starts, before the body: a phone asks for it while this one travels.
	const headers = {
		'x-ayni-next': String(pulled.body.next),
		'x-ayni-more': String(pulled.body.more)
	};
	if (format !== 'columns') return compressedJsonResponse(call.request, 200, pulled.body, headers);
	const { ops, ...page } = pulled.body;
	return compressedJsonResponse(call.request, 200, { ...page, pack: packOps(ops) }, headers);
};

/** GET /api/associations/:associationId/journal?period=YYYY-MM&format=hledger → text. */
export const associationJournal: ApiHandler = async (services, call: ApiCall) => {
	const associationId = call.params.associationId;
	const allowed = await authorize(
		services,
		call,
		associationId,
		['admin', 'treasurer'],
		'role_must_allow_journal'
	);
	if (allowed instanceof Response) return allowed;
	const journal = await journalFor({
		db: services.db,
		caller: callerOf(allowed.caller.userId, allowed.membership),
		associationId,
		period: call.url.searchParams.get('period'),
		format: call.url.searchParams.get('format')
	});
	if (journal.status !== 200) return jsonResponse(journal.status, journal.body);
	return new Response(journal.body.text, {
		status: 200,
		headers: { 'content-type': journal.body.contentType }
	});
};

export const syncEndpoints: readonly Endpoint[] = [
	{ method: 'POST', route: '/api/sync/push', handler: pushSync },
	{ method: 'GET', route: '/api/sync/pull', handler: pullSync },
	{
		method: 'GET',
		route: '/api/associations/[associationId]/journal',
		handler: associationJournal
	}
];

/** The caller as the sync service sees them, or undefined when they are not in the association. */
async function syncCaller(
	services: ApiServices,
	userId: string,
	associationId: string
): Promise<Caller | undefined> {
	const membership = await findMembership(services, userId, associationId);
	return membership ? callerOf(userId, membership) : undefined;
}

function callerOf(
	userId: string,
	membership: { associationId: string; role: Caller['role']; memberId: string | null }
): Caller {
	const caller: Caller = { userId, associationId: membership.associationId, role: membership.role };
	if (membership.memberId) caller.memberId = membership.memberId;
	return caller;
}

function answer<T>(response: SyncResponse<T>): Response {
	return jsonResponse(response.status, response.body);
}
