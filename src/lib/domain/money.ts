// Money (PEN, two decimals) and quantities (liters 2, kg 3, animals 0 decimals; prices 4) as
// Ayni handles them (DESIGN.md section 3): canonical decimal strings on the wire, integers in the
// smallest unit where sums are hot, and decimal.js — imported here and nowhere else — for products,
// quotients, percentages and the single half-up rounding per statement line.
import Decimal from 'decimal.js';

/** A private decimal.js constructor so that no other code can change its precision or rounding. */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

export * from './fixed-point';
import {
	centsToMoney,
	fromScaledInteger,
	kgToGrams,
	litersToCentiliters,
	moneyToCents,
	unitPriceToTenThousandths,
	scales,
	toScaledInteger,
	unitScale,
	type QuantityUnit
} from './fixed-point';

// ── Exact arithmetic and the one rounding ────────────────────────────────────────────────────

/**
 * Integer division rounded half-up (half away from zero, as decimal.js ROUND_HALF_UP and as a
 * cashier rounds): used to turn an exact product in small units into céntimos once, at the line.
 */
export function divideRoundHalfUp(numerator: number, divisor: number): number {
	if (divisor <= 0 || !Number.isSafeInteger(divisor))
		throw new RangeError('divisor_must_be_positive');
	const magnitude = Math.abs(numerator);
	let quotient = Math.floor(magnitude / divisor);
	// Floating division of two safe integers may land one off near an integer; fix it exactly.
	let remainder = magnitude - quotient * divisor;
	if (remainder < 0) {
		quotient -= 1;
		remainder += divisor;
	} else if (remainder >= divisor) {
		quotient += 1;
		remainder -= divisor;
	}
	if (remainder * 2 >= divisor) quotient += 1;
	return numerator < 0 && quotient !== 0 ? -quotient : quotient;
}

/** Centiliters × ten-thousandths gives millionths of a sol; this many make one céntimo. */
const lineUnitsPerCent = 10_000;

/**
 * The amount of one statement line, liters × price per liter, rounded once half-up to the céntimo.
 * The product is exact in integers while it stays below 2^53 (about 900 million liters at
 * S/ 10.0000), which covers every real line; beyond that decimal.js computes the same value.
 */
export function lineAmountCents({
	centiliters,
	pricePerLiterTenThousandths
}: {
	centiliters: number;
	pricePerLiterTenThousandths: number;
}): number {
	const exact = centiliters * pricePerLiterTenThousandths;
	if (Number.isSafeInteger(exact)) return divideRoundHalfUp(exact, lineUnitsPerCent);
	const rounded = new Exact(centiliters)
		.times(pricePerLiterTenThousandths)
		.dividedBy(lineUnitsPerCent)
		.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
	return toSafeInteger(rounded);
}

/**
 * Quantity × unit price rounded half-up to the céntimo, computed with decimal.js: the reference
 * the integer paths are tested against, and the rule for sale lines (any unit, any scale).
 */
export function multiplyToMoney({
	quantity,
	unitPrice
}: {
	quantity: string;
	unitPrice: string;
}): string {
	return new Exact(quantity).times(unitPrice).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** A percentage of an amount ("10" % of "1234.55" → "123.46"), rounded half-up once. */
export function percentOfMoney({ amount, percent }: { amount: string; percent: string }): string {
	return new Exact(amount)
		.times(percent)
		.dividedBy(100)
		.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
		.toFixed(2);
}

/** a ÷ b of two decimal strings, rounded half-up to `places` (an average price, a ratio). */
export function divideDecimal({
	dividend,
	divisor,
	places
}: {
	dividend: string;
	divisor: string;
	places: number;
}): string {
	const by = new Exact(divisor);
	if (by.isZero()) throw new RangeError('divisor_must_not_be_zero');
	return new Exact(dividend)
		.dividedBy(by)
		.toDecimalPlaces(places, Decimal.ROUND_HALF_UP)
		.toFixed(places);
}

/** Exact sum of decimal strings of any scale, written with `places` decimals (no rounding needed). */
export function sumDecimal(values: readonly string[], places: number): string {
	let total = new Exact(0);
	for (const value of values) total = total.plus(value);
	return total.toFixed(places, Decimal.ROUND_HALF_UP);
}

/** Rounds a decimal string half-up to `places` decimals; the only rounding rule Ayni uses. */
export function roundHalfUp(text: string, places: number): string {
	return new Exact(text).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}

/** Compares two decimal strings of any scale: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
	const order = new Exact(a).comparedTo(b);
	return order < 0 ? -1 : order > 0 ? 1 : 0;
}

function toSafeInteger(value: Decimal): number {
	const number = value.toNumber();
	if (!Number.isSafeInteger(number)) throw new RangeError(`too_large: ${value.toString()}`);
	return number;
}

// ── What people type ─────────────────────────────────────────────────────────────────────────

/** Why typed text is not a valid amount; the UI maps each code to a Spanish message. */
export type InputError =
	| 'empty'
	| 'not_a_number'
	| 'malformed_number'
	| 'misplaced_thousands_separator'
	| 'too_many_decimals'
	| 'negative_not_allowed'
	| 'zero_not_allowed'
	| 'too_large';

export type ParseResult = { ok: true; value: string } | { ok: false; error: InputError };

/** Integer digits the wire forms accept (wire-values.ts): money 13, quantities 7. */
const maxIntegerDigits = { money: 13, quantity: 7 } as const;

/**
 * Reads an amount of soles as people type it: "12,5", "12.5", "S/ 1,234.50", "S/1234.5",
 * "-S/ 3". Returns the canonical wire text ("1234.50") or the rule it breaks; it never throws.
 */
export function parseMoneyInput(
	typed: string,
	opts: { allowNegative?: boolean; allowZero?: boolean } = {}
): ParseResult {
	const stripped = stripMarks(typed, /^s\/\.?/i);
	return readTyped({
		...stripped,
		scale: scales.money,
		maxIntegerDigits: maxIntegerDigits.money,
		allowNegative: opts.allowNegative ?? false,
		allowZero: opts.allowZero ?? true
	});
}

/**
 * Reads a quantity in liters, kilograms or animals as typed ("12,5", "1,234.5 L", "3").
 * Returns canonical text with the unit's decimals ("12.50", "1.500", "3") or the rule it breaks.
 */
export function parseQuantityInput(
	typed: string,
	unit: QuantityUnit,
	opts: { allowZero?: boolean } = {}
): ParseResult {
	const suffix =
		unit === 'L' ? /(l|lt|lts|litros?)$/i : unit === 'kg' ? /kg$/i : /(u|und|unidad(es)?)$/i;
	const stripped = stripMarks(typed, null, suffix);
	return readTyped({
		...stripped,
		scale: unitScale[unit],
		maxIntegerDigits: maxIntegerDigits.quantity,
		allowNegative: false,
		allowZero: opts.allowZero ?? true
	});
}

/** Removes spaces, the currency or unit mark and the sign, so that only digits and separators remain. */
function stripMarks(
	typed: string,
	prefix: RegExp | null,
	suffix: RegExp | null = null
): { body: string; negative: boolean } {
	// People paste amounts with no-break or thin spaces, and phones offer a typographic minus.
	let text = typed.replace(/[\s\u00a0\u2009\u202f]/g, '').replace(/[\u2212\u2012\u2013]/g, '-');
	let negative = false;
	if (text.startsWith('-')) {
		negative = true;
		text = text.slice(1);
	}
	if (prefix) text = text.replace(prefix, '');
	if (suffix) text = text.replace(suffix, '');
	if (!negative && text.startsWith('-')) {
		negative = true;
		text = text.slice(1);
	}
	return { body: text, negative };
}

function readTyped({
	body,
	negative,
	scale,
	maxIntegerDigits,
	allowNegative,
	allowZero
}: {
	body: string;
	negative: boolean;
	scale: number;
	maxIntegerDigits: number;
	allowNegative: boolean;
	allowZero: boolean;
}): ParseResult {
	if (body === '') return { ok: false, error: negative ? 'not_a_number' : 'empty' };
	if (!/^[0-9.,]+$/.test(body)) return { ok: false, error: 'not_a_number' };
	if (!/[0-9]/.test(body)) return { ok: false, error: 'not_a_number' };

	const split = splitSeparators(body, scale);
	if (!split.ok) return split;
	const { integer, fraction } = split;
	if (fraction.length > scale) return { ok: false, error: 'too_many_decimals' };

	const integerDigits = integer.replace(/^0+(?=\d)/, '') || '0';
	if (integerDigits.length > maxIntegerDigits) return { ok: false, error: 'too_large' };
	const isZero = /^0*$/.test(integerDigits + fraction);
	if (negative && !isZero && !allowNegative) return { ok: false, error: 'negative_not_allowed' };
	if (isZero && !allowZero) return { ok: false, error: 'zero_not_allowed' };

	const sign = negative && !isZero ? '-' : '';
	const value = scale === 0 ? integerDigits : `${integerDigits}.${fraction.padEnd(scale, '0')}`;
	return { ok: true, value: sign + value };
}

/**
 * Decides which mark is the decimal separator. Peru writes "1,234.50", while phones set to Spanish
 * offer a comma as decimal key ("12,5"). When both marks appear the last one is decimal. A lone
 * comma followed by exactly three digits is a thousands separator when the unit has fewer than
 * three decimals ("1,234" soles), since it could not be a valid decimal there; for kilograms it
 * is decimal ("1,234" kg = 1.234 kg).
 */
function splitSeparators(
	body: string,
	scale: number
): { ok: true; integer: string; fraction: string } | { ok: false; error: InputError } {
	const commas = count(body, ',');
	const dots = count(body, '.');
	let decimalMark: ',' | '.' | null = null;
	let groupMark: ',' | '.' | null = null;

	if (commas > 0 && dots > 0) {
		decimalMark = body.lastIndexOf(',') > body.lastIndexOf('.') ? ',' : '.';
		groupMark = decimalMark === ',' ? '.' : ',';
		if (count(body, decimalMark) > 1) return { ok: false, error: 'malformed_number' };
	} else if (dots > 1) {
		return { ok: false, error: 'malformed_number' };
	} else if (dots === 1) {
		decimalMark = '.';
	} else if (commas > 1) {
		groupMark = ',';
	} else if (commas === 1) {
		const after = body.length - body.indexOf(',') - 1;
		if (after === 3 && scale < 3 && body.indexOf(',') > 0) groupMark = ',';
		else decimalMark = ',';
	}

	let integer = body;
	let fraction = '';
	if (decimalMark) {
		const at = body.lastIndexOf(decimalMark);
		integer = body.slice(0, at);
		fraction = body.slice(at + 1);
		if (fraction.includes(',') || fraction.includes('.')) {
			return { ok: false, error: 'malformed_number' };
		}
	}
	if (groupMark) {
		const groups = integer.split(groupMark);
		const [first, ...rest] = groups;
		const wellGrouped =
			first !== undefined &&
			/^\d{1,3}$/.test(first) &&
			rest.every((group) => /^\d{3}$/.test(group));
		if (!wellGrouped) return { ok: false, error: 'misplaced_thousands_separator' };
		integer = groups.join('');
	}
	if (integer === '' && fraction === '') return { ok: false, error: 'not_a_number' };
	return { ok: true, integer: integer || '0', fraction };
}

function count(text: string, mark: string): number {
	let found = 0;
	for (const char of text) if (char === mark) found++;
	return found;
}

// ── Formatting for Peru ──────────────────────────────────────────────────────────────────────

/** Groups the integer digits by thousands with commas, as Peru writes "1,234,567". */
function groupThousands(digits: string): string {
	return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1234.5" or 123450 céntimos → "S/ 1,234.50"; negatives as "-S/ 3.00". */
export function formatMoney(amount: string | number): string {
	const cents = typeof amount === 'number' ? amount : moneyToCents(amount);
	const text = centsToMoney(Math.abs(cents));
	const dot = text.indexOf('.');
	const sign = cents < 0 ? '-' : '';
	return `${sign}S/ ${groupThousands(text.slice(0, dot))}${text.slice(dot)}`;
}

/** A quantity without needless zeros: "12.50" → "12.5", "1234.00" → "1,234". */
function formatTrimmed(units: number, scale: number): string {
	const text = fromScaledInteger(units, scale);
	const negative = text.startsWith('-');
	const [integer = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
	const trimmed = fraction.replace(/0+$/, '');
	return `${negative ? '-' : ''}${groupThousands(integer)}${trimmed ? `.${trimmed}` : ''}`;
}

/** "12.50" or 1250 centiliters → "12.5 L". */
export function formatLiters(liters: string | number): string {
	const centiliters = typeof liters === 'number' ? liters : litersToCentiliters(liters);
	return `${formatTrimmed(centiliters, scales.liters)} L`;
}

/** "1.500" or 1500 grams → "1.5 kg". */
export function formatKg(kg: string | number): string {
	const grams = typeof kg === 'number' ? kg : kgToGrams(kg);
	return `${formatTrimmed(grams, scales.kg)} kg`;
}

/** A price per liter without needless zeros but at least céntimos: "1.2000" → "S/ 1.20". */
export function formatUnitPrice(price: string | number): string {
	const units = typeof price === 'number' ? price : unitPriceToTenThousandths(price);
	const text = fromScaledInteger(Math.abs(units), scales.unitPrice);
	const [integer = '0', fraction = ''] = text.split('.');
	const shown = fraction.slice(0, 2) + fraction.slice(2).replace(/0+$/, '');
	return `${units < 0 ? '-' : ''}S/ ${groupThousands(integer)}.${shown}`;
}

/** Any quantity with its unit: liters, kilograms, or a count of animals ("3 unidades"). */
export function formatQuantity(value: string, unit: QuantityUnit): string {
	if (unit === 'L') return formatLiters(value);
	if (unit === 'kg') return formatKg(value);
	const count = toScaledInteger(value, 0);
	return `${groupThousands(String(count))} ${count === 1 ? 'unidad' : 'unidades'}`;
}
