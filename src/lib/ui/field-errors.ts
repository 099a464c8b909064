// Turns the rule codes that validation returns (zod messages such as "text_too_long") into a
// plain sentence for the person who typed the value.
import { m } from '$lib/paraglide/messages.js';

export interface FieldError {
	field: string;
	code: string;
}

const messagesByCode: Record<string, (limits: { max?: number }) => string> = {
	text_must_not_be_empty: () => m.error_required(),
	too_small: () => m.error_required(),
	text_too_long: ({ max }) => m.error_name_too_long({ max: max ?? 0 }),
	too_big: ({ max }) => m.error_name_too_long({ max: max ?? 0 }),
	unknown_district: () => m.error_unknown_district()
};

/** One message per field (the first problem found), keyed by field name. */
export function messagesForFields(
	errors: FieldError[],
	limits: Record<string, { max?: number }> = {}
): Record<string, string> {
	const byField: Record<string, string> = {};
	for (const { field, code } of errors) {
		if (byField[field]) continue;
		const toMessage = messagesByCode[code];
		byField[field] = toMessage ? toMessage(limits[field] ?? {}) : m.error_choose_one();
	}
	return byField;
}

/** Issues as zod reports them: the path's first key is the field, the message a rule code. */
export function fieldErrorsFromIssues(
	issues: readonly { path: readonly PropertyKey[]; message: string }[]
): FieldError[] {
	return issues.map((issue) => ({ field: String(issue.path[0] ?? ''), code: issue.message }));
}
