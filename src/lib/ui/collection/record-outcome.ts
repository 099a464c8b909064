// What a save through the store's `record` means for a form: saved, or per-field messages from
// the op schema, or one message for the whole form (storage full, write failed).
import { m } from '$lib/paraglide/messages.js';
import type { RecordResult } from '$lib/store/record';
import { fieldMessages } from './field-messages';

export type SaveOutcome =
	{ ok: true; opId: string } | { ok: false; fields: Record<string, string>; form: string };

export function saveOutcome(
	result: RecordResult,
	limits: Record<string, { max?: number }> = {}
): SaveOutcome {
	if (result.ok) return { ok: true, opId: result.op.id };
	if (result.code === 'payload_must_match_schema') {
		return { ok: false, fields: fieldMessages(result.errors, limits), form: m.col_error_form() };
	}
	if (result.code === 'storage_full') {
		return { ok: false, fields: {}, form: m.col_error_storage_full() };
	}
	return { ok: false, fields: {}, form: m.col_error_save_failed() };
}

/** The same outcome when `record` itself threw (a closed database, a bug): nothing was stored. */
export function failedOutcome(): SaveOutcome {
	return { ok: false, fields: {}, form: m.col_error_save_failed() };
}
