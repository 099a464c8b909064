// The wire half of the sync engine: one call per endpoint of DESIGN.md section 5 (push and pull),
// each answering "done", "refused, and why" or "no answer". The engine only sees this interface, so
// tests hand it an in-memory server and the app hands it `httpSyncTransport`.
import * as z from 'zod/mini';

export type PushStatus = 'created' | 'exists' | 'exists_with_different_body' | 'rejected';

export interface PushResultItem {
	id: string | null;
	status: PushStatus;
	seq?: number;
	reason?: string;
}

export interface PushAnswer {
	results: PushResultItem[];
}

export interface PullAnswer {
	/** Validated by the store (`applyRemote`) before anything is written. */
	ops: unknown[];
	next: number;
	more: boolean;
	/** Which ops the pages are chosen from (`all`, `member:<id>`, `wide`); absent: `all`. */
	view?: string;
	/** Answering a `part`: the last seq the parts cover and the recent part's first date. */
	head?: number;
	since?: string;
}

export interface PushRequest {
	associationId: string;
	deviceId: string;
	ops: readonly unknown[];
}

export interface PullRequest {
	associationId: string;
	after: number;
	limit: number;
	/** Whom the pages are for: the server refuses (409) when the session is someone else's. */
	userId?: string;
	/** A new phone's first pull in two parts; `since` and `head` come from the first answer. */
	part?: 'recent' | 'history';
	since?: string;
	head?: number;
}

export type TransportResult<T> =
	| { ok: true; value: T }
	/** No usable answer: offline, timed out, or a proxy's page instead of the server's JSON. */
	| { ok: false; offline: true }
	/** The server refused the whole request with a rule code (401 session_required, 403 …). */
	| { ok: false; offline?: false; status: number; error: string };

export interface SyncTransport {
	push(request: PushRequest): Promise<TransportResult<PushAnswer>>;
	/** `onHeaders` hears where the next page starts as soon as the answer's headers arrive. */
	pull(request: PullRequest, options?: PullOptions): Promise<TransportResult<PullAnswer>>;
}

export interface PullOptions {
	onHeaders?: (page: { next: number; more: boolean }) => void;
}

const pushAnswerSchema = z.object({
	results: z.array(
		z.object({
			id: z.nullable(z.string()),
			status: z.enum(['created', 'exists', 'exists_with_different_body', 'rejected']),
			seq: z.optional(z.number()),
			reason: z.optional(z.string())
		})
	)
});

const errorSchema = z.object({ error: z.string() });

/** A request with no answer after this long counts as offline, so a dead link never hangs sync. */
const requestTimeoutMs = 60_000;

export function httpSyncTransport(
	fetchFn: typeof fetch = (...args) => fetch(...args)
): SyncTransport {
	async function call<T>(
		url: string,
		init: RequestInit,
		schema: z.ZodMiniType<T>,
		onResponse?: (response: Response) => void
	): Promise<TransportResult<T>> {
		let response: Response;
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), requestTimeoutMs);
		try {
			response = await fetchFn(url, {
				...init,
				credentials: 'same-origin',
				signal: controller.signal
			});
		} catch {
			clearTimeout(timer);
			return { ok: false, offline: true };
		}
		if (response.ok) onResponse?.(response);
		let body: unknown;
		try {
			body = await response.json();
		} catch {
			body = undefined;
		} finally {
			clearTimeout(timer);
		}
		if (response.ok) {
			const parsed = schema.safeParse(body);
			return parsed.success ? { ok: true, value: parsed.data } : { ok: false, offline: true };
		}
		const refusal = errorSchema.safeParse(body);
		if (!refusal.success) return { ok: false, offline: true };
		return { ok: false, status: response.status, error: refusal.data.error };
	}

	return {
		push: (request) =>
			call(
				'/api/sync/push',
				{
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(request)
				},
				pushAnswerSchema
			),
		pull: async ({ associationId, after, limit, userId, part, since, head }, options = {}) => {
			const query = new URLSearchParams({
				associationId,
				after: String(after),
				limit: String(limit),
				format: 'columns',
				...(userId ? { userId } : {}),
				...(part ? { part } : {}),
				...(since ? { since } : {}),
				...(head !== undefined ? { head: String(head) } : {})
			});
			// Loaded with the first pull, not the first screen: it carries the page unpacker.
			const { pullAnswerSchema } = await import('./pull-answer');
			return call(`/api/sync/pull?${query}`, { method: 'GET' }, pullAnswerSchema, (response) => {
				const next = Number(response.headers.get('x-ayni-next') ?? Number.NaN);
				const more = response.headers.get('x-ayni-more');
				if (!Number.isSafeInteger(next) || (more !== 'true' && more !== 'false')) return;
				options.onHeaders?.({ next, more: more === 'true' });
			});
		}
	};
}
