// Rule codes (from the checks of this section and from the op schemas) as plain Spanish
// sentences for the field that broke them. Unknown codes fall back to "review this field".
import { m } from '$lib/paraglide/messages.js';

const messages: Record<string, (limits: { max?: number }) => string> = {
	required: () => m.col_error_required(),
	text_must_not_be_empty: () => m.col_error_required(),
	too_small: () => m.col_error_required(),
	text_too_long: ({ max }) => m.col_error_name_too_long({ max: max ?? 0 }),
	liters_number: () => m.col_error_liters_number(),
	liters_must_have_at_most_two_decimals: () => m.col_error_liters_decimals(),
	liters_negative: () => m.col_error_liters_negative(),
	liters_decimals: () => m.col_error_liters_decimals(),
	liters_too_large: () => m.col_error_liters_too_large(),
	reading: () => m.col_error_reading(),
	reading_must_be_a_decimal: () => m.col_error_reading(),
	rejected_too_many: () => m.col_error_rejected_too_many(),
	rejected_liters_must_not_exceed_liters: () => m.col_error_rejected_too_many(),
	reject_reason: () => m.col_error_reject_reason(),
	reason: () => m.col_error_reason(),
	dni_must_have_8_digits: () => m.col_error_dni(),
	phone_must_have_9_digits_starting_with_9: () => m.col_error_phone(),
	money_number: () => m.col_error_money_number(),
	money_decimals: () => m.col_error_money_decimals(),
	money_positive: () => m.col_error_money_positive(),
	money_must_not_be_negative: () => m.col_error_money_number(),
	price_positive: () => m.col_error_price_positive(),
	price_must_be_positive: () => m.col_error_price_positive(),
	price_number: () => m.col_error_price_number(),
	price_decimals: () => m.col_error_price_decimals(),
	price_must_have_at_most_four_decimals: () => m.col_error_price_decimals(),
	date_future: () => m.col_error_date_future(),
	date_must_be_yyyy_mm_dd: () => m.col_error_date(),
	date_must_exist: () => m.col_error_date(),
	choose: () => m.col_error_choose(),
	invalid_value: () => m.col_error_choose()
};

export function fieldMessage(code: string, limits: { max?: number } = {}): string {
	return (messages[code] ?? (() => m.col_error_form()))(limits);
}

/** One message per field, the first problem found. */
export function fieldMessages(
	errors: readonly { field: string; code: string }[],
	limits: Record<string, { max?: number }> = {}
): Record<string, string> {
	const byField: Record<string, string> = {};
	for (const { field, code } of errors) {
		const key = field.split('.')[0] ?? field;
		byField[key] ??= fieldMessage(code, limits[key] ?? {});
	}
	return byField;
}
