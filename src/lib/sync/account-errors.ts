// The server's refusals (docs/api.md rule codes) as plain sentences: one beside each field it
// names, and one for the whole form. Codes the app does not know fall back to a general message,
// so a newer server never leaves a person without an answer.
import { m } from '$lib/paraglide/messages.js';
import type { AccountResult, FieldProblem } from './account-client';

const byCode: Record<string, () => string> = {
	text_must_not_be_empty: () => m.server_error_required(),
	login_required: () => m.server_error_required(),
	password_required: () => m.server_error_required(),
	code_required: () => m.server_error_required(),
	text_too_long: () => m.server_error_too_long(),
	code_too_long: () => m.server_error_too_long(),
	login_too_short: () => m.server_error_login_too_short(),
	login_too_long: () => m.server_error_login_too_long(),
	login_has_invalid_characters: () => m.server_error_login_invalid(),
	login_must_be_unique: () => m.server_error_login_taken(),
	password_too_short: () => m.server_error_password_too_short(),
	password_too_long: () => m.server_error_password_too_long(),
	password_too_common: () => m.server_error_password_too_common(),
	password_must_differ_from_login: () => m.server_error_password_same_as_login(),
	current_password_must_match: () => m.server_error_current_password(),
	member_id_required_for_member: () => m.server_error_member_required(),
	invitation_not_found: () => m.server_error_code_not_found(),
	invitation_already_used: () => m.server_error_code_used(),
	invitation_expired: () => m.server_error_code_expired(),
	invitation_revoked: () => m.server_error_code_revoked(),
	login_or_password_incorrect: () => m.server_error_bad_credentials(),
	account_must_be_enabled: () => m.server_error_disabled(),
	association_must_be_new: () => m.server_error_association_exists(),
	membership_must_be_new: () => m.server_error_already_member(),
	association_must_keep_an_admin: () => m.server_error_keep_admin(),
	session_required: () => m.server_error_session(),
	server_busy: () => m.server_error_busy(),
	database_unavailable: () => m.server_error_busy()
};

export interface ShownErrors {
	/** One sentence per field, keyed by the field's name in the request body. */
	fields: Record<string, string>;
	/** The sentence for the form as a whole; empty when the result succeeded. */
	form: string;
}

export function errorsOf(result: AccountResult<unknown>): ShownErrors {
	if (result.ok) return { fields: {}, form: '' };
	if (result.offline) return { fields: {}, form: m.server_error_offline() };
	const fields = fieldMessages(result.fields);
	if (result.status === 429) {
		return { fields, form: m.server_error_throttled({ seconds: result.retryAfterSeconds ?? 60 }) };
	}
	if (Object.keys(fields).length > 0) {
		const own = byCode[result.error];
		return {
			fields,
			form: own && result.error !== 'body_must_match_schema' ? own() : m.server_form_fix()
		};
	}
	if (result.status === 403 && result.error.startsWith('role_must_allow')) {
		return { fields, form: m.server_error_not_allowed() };
	}
	return { fields, form: (byCode[result.error] ?? (() => m.server_error_generic()))() };
}

export function fieldMessages(problems: readonly FieldProblem[]): Record<string, string> {
	const shown: Record<string, string> = {};
	for (const { field, code } of problems) {
		shown[field] ??= (byCode[code] ?? (() => m.server_error_generic()))();
	}
	return shown;
}
