// Decimal strings ⇄ integers in the smallest unit (céntimos, centiliters, grams, ten-thousandths
// of a sol). Kept apart from money.ts so that code which only stores and sums numbers — the store's
// projections on a phone's first load — does not pull in decimal.js.

/** Decimal places of each kind of number Ayni stores. */
export const scales = {
	money: 2,
	liters: 2,
	kg: 3,
	animals: 0,
	unitPrice: 4,
	reading: 3
} as const;

export type QuantityUnit = 'L' | 'kg' | 'unidad';

export const unitScale: Record<QuantityUnit, number> = { L: 2, kg: 3, unidad: 0 };

/**
 * Reads a plain decimal string ("12.5", "-3.00", "7") as an integer count of 10^-scale units.
 * The text is trusted (zod checked it at the edge), so a malformed one is a programming error and
 * throws rather than guessing. It runs once per delivery in the monthly valuation, hence the
 * character loop instead of a regular expression.
 */
export function toScaledInteger(text: string, scale: number): number {
	const length = text.length;
	const start = length > 0 && text.charCodeAt(0) === 45 ? 1 : 0;
	let value = 0;
	let dot = -1;
	for (let index = start; index < length; index++) {
		const digit = text.charCodeAt(index) - 48;
		if (digit >= 0 && digit <= 9) value = value * 10 + digit;
		else if (digit === -2 && dot < 0) dot = index;
		else return notADecimal(text, scale);
	}
	const decimals = dot < 0 ? 0 : length - dot - 1;
	// No digits, a bare or trailing point, or more decimals than the unit has.
	if (length === start || dot === start || (decimals === 0 && dot >= 0) || decimals > scale) {
		return notADecimal(text, scale);
	}
	for (let places = decimals; places < scale; places++) value *= 10;
	// Past 2^53 the digits above were already rounded; the check catches it after the fact.
	if (value > Number.MAX_SAFE_INTEGER) return notADecimal(text, scale);
	return start === 1 && value !== 0 ? -value : value;
}

/** Kept out of `toScaledInteger` so the hot function stays small enough to inline. */
function notADecimal(text: string, scale?: number): never {
	const decimals = decimalPlaces(text);
	if (scale !== undefined && /^-?\d+(\.\d+)?$/.test(text)) {
		if (decimals > scale)
			throw new RangeError(`too_many_decimals: ${JSON.stringify(text)} (max ${scale})`);
		throw new RangeError(`too_large: ${JSON.stringify(text)}`);
	}
	throw new RangeError(`not_a_decimal: ${JSON.stringify(text)}`);
}

/** ".00" to ".99". */
const twoDecimalEndings = Array.from({ length: 100 }, (_, n) => `.${String(n).padStart(2, '0')}`);

/** Writes an integer count of 10^-scale units as canonical text with exactly `scale` decimals. */
export function fromScaledInteger(units: number, scale: number): string {
	if (!Number.isSafeInteger(units)) throw new RangeError(`not_a_safe_integer: ${units}`);
	const sign = units < 0 ? '-' : '';
	const magnitude = units < 0 ? -units : units;
	if (scale === 2) {
		// Money and liters, written for every statement line: arithmetic and a table of the 100
		// possible endings beat string padding.
		const fraction = magnitude % 100;
		return `${sign}${(magnitude - fraction) / 100}${twoDecimalEndings[fraction] ?? ''}`;
	}
	const digits = String(magnitude);
	if (scale === 0) return sign + digits;
	const padded = digits.padStart(scale + 1, '0');
	const cut = padded.length - scale;
	return `${sign}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** "12.50" → 1250 céntimos. */
export function moneyToCents(text: string): number {
	return toScaledInteger(text, scales.money);
}

/** 1250 → "12.50"; -300 → "-3.00"; the canonical wire form. */
export function centsToMoney(cents: number): string {
	return fromScaledInteger(cents, scales.money);
}

/** "12.5" → 1250 centiliters. */
export function litersToCentiliters(text: string): number {
	return toScaledInteger(text, scales.liters);
}

/** 1250 → "12.50". */
export function centilitersToLiters(centiliters: number): string {
	return fromScaledInteger(centiliters, scales.liters);
}

/** "1.235" → 1235 grams. */
export function kgToGrams(text: string): number {
	return toScaledInteger(text, scales.kg);
}

/** 1235 → "1.235". */
export function gramsToKg(grams: number): string {
	return fromScaledInteger(grams, scales.kg);
}

/** A price per unit, "1.2345" → 12345 ten-thousandths of a sol. */
export function unitPriceToTenThousandths(text: string): number {
	return toScaledInteger(text, scales.unitPrice);
}

/** 12345 → "1.2345" (always four decimals, the canonical price form). */
export function tenThousandthsToUnitPrice(tenThousandths: number): string {
	return fromScaledInteger(tenThousandths, scales.unitPrice);
}

/** A reading such as fat % ("3.6") → thousandths (3600), so readings compare as integers. */
export function readingToThousandths(text: string): number {
	return toScaledInteger(text, scales.reading);
}

/** Number of decimal places written in a plain decimal string ("12.50" → 2, "7" → 0). */
export function decimalPlaces(text: string): number {
	const dot = text.indexOf('.');
	return dot < 0 ? 0 : text.length - dot - 1;
}
