// The textual forms in which numbers and dates travel on the wire and rest in IndexedDB
// (DESIGN.md section 3). They are canonical so that two devices that record the same fact write
// the same bytes, and strict so that a tampered or fuzzed body is refused at the edge.
// zod/mini rather than classic zod: the same schemas at a fifth of the bytes on a cheap phone's
// first load (DESIGN.md section 7).
import * as z from 'zod/mini';

/** Money in PEN: a plain decimal string with exactly two decimals, e.g. "12.50" or "-3.00". */
export const moneyText = z.string().check(
	z.regex(/^-?(0|[1-9]\d{0,12})\.\d{2}$/, 'money_must_have_two_decimals'),
	z.refine((text) => text !== '-0.00', 'money_must_not_be_negative_zero')
);

/** Money that may not be negative, e.g. an advance or a payment. */
export const moneyNonNegativePattern = /^(0|[1-9]\d{0,12})\.\d{2}$/;
export const moneyNonNegativeText = z
	.string()
	.check(z.regex(moneyNonNegativePattern, 'money_must_not_be_negative'));

/** Liters: up to two decimals, never negative ("12", "12.5", "12.50"). */
export const litersPattern = /^(0|[1-9]\d{0,6})(\.\d{1,2})?$/;
export const litersText = z
	.string()
	.check(z.regex(litersPattern, 'liters_must_have_at_most_two_decimals'));

/** Kilograms: up to three decimals, never negative. */
export const kgText = z
	.string()
	.check(z.regex(/^(0|[1-9]\d{0,6})(\.\d{1,3})?$/, 'kg_must_have_at_most_three_decimals'));

/** A price per unit: up to four decimals, may be negative only where a rule says so (penalties). */
export const unitPriceText = z
	.string()
	.check(z.regex(/^(0|[1-9]\d{0,6})(\.\d{1,4})?$/, 'price_must_have_at_most_four_decimals'));
export const signedUnitPriceText = z
	.string()
	.check(z.regex(/^-?(0|[1-9]\d{0,6})(\.\d{1,4})?$/, 'price_must_have_at_most_four_decimals'));

/** A reading such as fat % or acidity: a small non-negative decimal with up to three decimals. */
export const readingPattern = /^(0|[1-9]\d{0,3})(\.\d{1,3})?$/;
export const readingText = z.string().check(z.regex(readingPattern, 'reading_must_be_a_decimal'));

/** A business date in America/Lima, YYYY-MM-DD, checked to be a real calendar day. */
export const businessDatePattern = /^\d{4}-\d{2}-\d{2}$/;
export const businessDate = z
	.string()
	.check(
		z.regex(businessDatePattern, 'date_must_be_yyyy_mm_dd'),
		z.refine(isCalendarDate, 'date_must_exist')
	);

/** An accounting period, YYYY-MM. */
export const periodText = z
	.string()
	.check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period_must_be_yyyy_mm'));

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const uuidText = z.string().check(z.regex(uuidPattern, 'id_must_be_a_uuid'));

/** Free text a person typed: trimmed, not empty, bounded so a body cannot grow without limit. */
export function personText(maxChars: number) {
	return z
		.string()
		.check(
			z.trim(),
			z.minLength(1, 'text_must_not_be_empty'),
			z.maxLength(maxChars, 'text_too_long')
		);
}

/** A YYYY-MM-DD text that names a real day between 2000 and 2100. */
export function isCalendarDate(text: string): boolean {
	const [year, month, day] = text.split('-').map(Number) as [number, number, number];
	if (year < 2000 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return day <= daysInMonth;
}
