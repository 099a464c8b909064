// Amounts, prices and dates as people type them in the forms of this section, checked before any
// op is made: a clear rule code per field, never an exception, and nothing changes what was typed.
import { parseMoneyInput } from '$lib/domain/money';
import { businessDate } from '$lib/domain/wire-values';

export type Checked = { ok: true; value: string } | { ok: false; code: string };

/** A positive amount of soles with at most two decimals ("50", "12,50", "S/ 1,200.00"). */
export function checkAmount(typed: string): Checked {
	const parsed = parseMoneyInput(typed, { allowZero: false });
	if (parsed.ok) return parsed;
	switch (parsed.error) {
		case 'empty':
			return { ok: false, code: 'required' };
		case 'too_many_decimals':
			return { ok: false, code: 'money_decimals' };
		case 'zero_not_allowed':
		case 'negative_not_allowed':
			return { ok: false, code: 'money_positive' };
		default:
			return { ok: false, code: 'money_number' };
	}
}

/** A price per liter above zero with at most four decimals ("1,45", "1.4500"). */
export function checkPricePerLiter(typed: string): Checked {
	return checkUnitPrice(typed, { allowNegative: false });
}

/** A bonus or penalty per liter: may be negative or zero, at most four decimals. */
export function checkAdjustment(typed: string): Checked {
	return checkUnitPrice(typed, { allowNegative: true });
}

function checkUnitPrice(typed: string, { allowNegative }: { allowNegative: boolean }): Checked {
	let text = typed.replace(/\s/g, '').replace(/^s\/\.?/i, '');
	if (text === '') return { ok: false, code: 'required' };
	text = text.replace(/[\u2212\u2013]/g, '-');
	const negative = text.startsWith('-');
	if (negative) text = text.slice(1);
	if (/^\d*,\d*$/.test(text)) text = text.replace(',', '.');
	const match = /^(\d{1,7})(?:\.(\d*))?$/.exec(text);
	if (!match) return { ok: false, code: 'price_number' };
	const fraction = match[2] ?? '';
	if (fraction.length > 4) return { ok: false, code: 'price_decimals' };
	const integer = String(Number(match[1]));
	const value = `${integer}.${fraction.padEnd(4, '0')}`;
	const zero = Number(value) === 0;
	if (negative && !zero && !allowNegative) return { ok: false, code: 'price_positive' };
	if (zero && !allowNegative) return { ok: false, code: 'price_positive' };
	return { ok: true, value: negative && !zero ? `-${value}` : value };
}

/** A business date that exists and is not after today (a fact cannot be recorded in advance). */
export function checkPastDate(typed: string, today: string): Checked {
	if (!typed) return { ok: false, code: 'required' };
	const parsed = businessDate.safeParse(typed);
	if (!parsed.success) return { ok: false, code: 'date_must_exist' };
	if (typed > today) return { ok: false, code: 'date_future' };
	return { ok: true, value: typed };
}

/** A fat % reading for a price band: up to three decimals. */
export function checkFat(typed: string): Checked {
	const text = typed.trim().replace(',', '.');
	if (text === '') return { ok: false, code: 'required' };
	if (!/^(0|[1-9]\d{0,2})(\.\d{1,3})?$/.test(text)) return { ok: false, code: 'reading' };
	return { ok: true, value: text };
}
