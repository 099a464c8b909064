// What a sync service function answers: a status and a JSON body, so that an endpoint only has to
// serialise it and a test can assert on it without a server. Failures name the rule they broke.
import type { FieldError } from '$lib/ops/field-errors';

export interface SyncFailure {
	error: string;
	/** For a body that breaks its schema: which field broke which rule (as the auth API does). */
	fields?: FieldError[];
}

export type SyncFailureStatus = 400 | 403 | 404 | 409 | 413 | 415;

export type SyncResponse<T> =
	{ status: 200; body: T } | { status: SyncFailureStatus; body: SyncFailure };

export function syncFailure(
	status: SyncFailureStatus,
	error: string,
	fields?: FieldError[]
): { status: SyncFailureStatus; body: SyncFailure } {
	return { status, body: fields ? { error, fields } : { error } };
}
