import { describe, expect, it } from 'vitest';
import {
	centilitersToLiters,
	centsToMoney,
	compareDecimal,
	divideDecimal,
	divideRoundHalfUp,
	formatKg,
	formatLiters,
	formatMoney,
	formatQuantity,
	formatUnitPrice,
	lineAmountCents,
	litersToCentiliters,
	moneyToCents,
	multiplyToMoney,
	parseMoneyInput,
	parseQuantityInput,
	percentOfMoney,
	roundHalfUp,
	sumDecimal,
	toScaledInteger,
	unitPriceToTenThousandths
} from './money';

describe('parseMoneyInput: what a treasurer types', () => {
	it.each([
		['12,5', '12.50'],
		['12.5', '12.50'],
		['S/ 1,234.50', '1234.50'],
		['S/1234.5', '1234.50'],
		['s/. 7', '7.00'],
		['  3  ', '3.00'],
		['1,234', '1234.00'],
		['1,234,567.8', '1234567.80'],
		['1.234,56', '1234.56'],
		['0', '0.00'],
		['0,05', '0.05'],
		['.5', '0.50'],
		['12.', '12.00'],
		['007.10', '7.10'],
		['S/\u00a01\u202f234.00', '1234.00']
	])('%j → %s', (typed, value) => {
		expect(parseMoneyInput(typed)).toEqual({ ok: true, value });
	});

	it.each([
		['', 'empty'],
		['S/ ', 'empty'],
		['abc', 'not_a_number'],
		['12a', 'not_a_number'],
		['1.2.3', 'malformed_number'],
		['1,2,3.4,5', 'malformed_number'],
		['1,23,456', 'misplaced_thousands_separator'],
		['12,34,5', 'misplaced_thousands_separator'],
		['12.345', 'too_many_decimals'],
		['12,345.678', 'too_many_decimals'],
		['-5', 'negative_not_allowed'],
		['-S/ 3', 'negative_not_allowed'],
		['S/ -3', 'negative_not_allowed'],
		['12345678901234', 'too_large'],
		['.', 'not_a_number']
	])('%j is refused: %s', (typed, error) => {
		expect(parseMoneyInput(typed)).toEqual({ ok: false, error });
	});

	it('accepts a negative amount only where the caller allows it', () => {
		expect(parseMoneyInput('-S/ 3,5', { allowNegative: true })).toEqual({
			ok: true,
			value: '-3.50'
		});
		expect(parseMoneyInput('\u22123', { allowNegative: true })).toEqual({
			ok: true,
			value: '-3.00'
		});
		expect(parseMoneyInput('-0', { allowNegative: false })).toEqual({ ok: true, value: '0.00' });
	});

	it('refuses zero where the caller says an amount must be positive', () => {
		expect(parseMoneyInput('0,00', { allowZero: false })).toEqual({
			ok: false,
			error: 'zero_not_allowed'
		});
	});
});

describe('parseQuantityInput', () => {
	it.each([
		['12,5', 'L', '12.50'],
		['12.25 L', 'L', '12.25'],
		['1,234.5 litros', 'L', '1234.50'],
		['1,234', 'L', '1234.00'],
		['1,234', 'kg', '1.234'],
		['2.5kg', 'kg', '2.500'],
		['3', 'unidad', '3'],
		['1,200 und', 'unidad', '1200']
	] as const)('%j in %s → %s', (typed, unit, value) => {
		expect(parseQuantityInput(typed, unit)).toEqual({ ok: true, value });
	});

	it.each([
		['12.345', 'L', 'too_many_decimals'],
		['1.2345', 'kg', 'too_many_decimals'],
		['3.5', 'unidad', 'too_many_decimals'],
		['-4', 'L', 'negative_not_allowed'],
		['12345678', 'L', 'too_large'],
		['1.2.3', 'kg', 'malformed_number'],
		['doce', 'L', 'not_a_number']
	] as const)('%j in %s is refused: %s', (typed, unit, error) => {
		expect(parseQuantityInput(typed, unit)).toEqual({ ok: false, error });
	});
});

describe('formatting for Peru', () => {
	it.each([
		['1234.5', 'S/ 1,234.50'],
		['0.00', 'S/ 0.00'],
		['-3.00', '-S/ 3.00'],
		['1234567.89', 'S/ 1,234,567.89'],
		[123450, 'S/ 1,234.50'],
		[-5, '-S/ 0.05']
	])('formatMoney(%j) → %s', (amount, shown) => {
		expect(formatMoney(amount)).toBe(shown);
	});

	it.each([
		['12.50', '12.5 L'],
		['12', '12 L'],
		['1234.05', '1,234.05 L'],
		[1250, '12.5 L'],
		[0, '0 L']
	])('formatLiters(%j) → %s', (liters, shown) => {
		expect(formatLiters(liters)).toBe(shown);
	});

	it('formats kilograms, unit prices and counts of animals', () => {
		expect(formatKg('1.500')).toBe('1.5 kg');
		expect(formatKg(1234567)).toBe('1,234.567 kg');
		expect(formatUnitPrice('1.2000')).toBe('S/ 1.20');
		expect(formatUnitPrice('1.2345')).toBe('S/ 1.2345');
		expect(formatUnitPrice('1.2340')).toBe('S/ 1.234');
		expect(formatUnitPrice('-0.0500')).toBe('-S/ 0.05');
		expect(formatQuantity('1', 'unidad')).toBe('1 unidad');
		expect(formatQuantity('1200', 'unidad')).toBe('1,200 unidades');
		expect(formatQuantity('3.5', 'L')).toBe('3.5 L');
	});
});

describe('text ⇄ integers in the smallest unit', () => {
	it.each([
		['12.50', 1250],
		['-3.00', -300],
		['0.05', 5],
		['7', 700],
		['7.1', 710],
		['-0.00', 0]
	])('moneyToCents(%j) = %d', (text, cents) => {
		expect(moneyToCents(text)).toBe(cents);
	});

	it.each([
		[1250, '12.50'],
		[-300, '-3.00'],
		[5, '0.05'],
		[-5, '-0.05'],
		[0, '0.00'],
		[900719925474099, '9007199254740.99']
	])('centsToMoney(%d) = %s', (cents, text) => {
		expect(centsToMoney(cents)).toBe(text);
	});

	it('reads liters, prices and readings at their own scales', () => {
		expect(litersToCentiliters('12.5')).toBe(1250);
		expect(centilitersToLiters(1250)).toBe('12.50');
		expect(unitPriceToTenThousandths('1.25')).toBe(12500);
		expect(toScaledInteger('3.605', 3)).toBe(3605);
	});

	it.each([
		['', /not_a_decimal/],
		['1.', /not_a_decimal/],
		['.5', /not_a_decimal/],
		['1,5', /not_a_decimal/],
		['12.345', /too_many_decimals/],
		['99999999999999999', /too_large/]
	])('refuses trusted text that is not canonical: %j', (text, error) => {
		expect(() => moneyToCents(text)).toThrow(error);
	});

	it('refuses to write a fraction of a céntimo', () => {
		expect(() => centsToMoney(1.5)).toThrow(/not_a_safe_integer/);
	});
});

describe('rounding: once, half-up, at the line', () => {
	it.each([
		// centiliters, price per liter (1/10000 sol), céntimos
		[100, 10_000, 100], // 1 L × S/ 1.0000 = S/ 1.00
		[1250, 12_345, 1543], // 12.5 × 1.2345 = 15.43125
		[50, 10_001, 50], // 0.5 × 1.0001 = 0.50005 → 0.50
		[50, 10_010, 50], // 0.5 × 1.0010 = 0.5005 → 0.50
		[50, 10_100, 51], // 0.5 × 1.0100 = 0.505 → 0.51 (exactly half rounds up)
		[1, 5_000, 1], // 0.01 × 0.5 = 0.005 → 0.01 (half rounds up)
		[1, 4_999, 0], // 0.004999 → 0.00
		[1, -5_000, -1], // a penalty rounds half away from zero, like decimal.js ROUND_HALF_UP
		[0, 13_000, 0]
	])('%d cL × %d → %d céntimos', (centiliters, price, cents) => {
		const expected = multiplyToMoney({
			quantity: centilitersToLiters(centiliters),
			unitPrice: String(price / 10_000)
		});
		expect(lineAmountCents({ centiliters, pricePerLiterTenThousandths: price })).toBe(
			moneyToCents(expected)
		);
		expect(centsToMoney(cents)).toBe(expected);
	});

	it('falls back to decimal.js past 2^53 and still rounds once', () => {
		const cents = lineAmountCents({
			centiliters: 90_000_000_000,
			pricePerLiterTenThousandths: 123_456
		});
		expect(centsToMoney(cents)).toBe(
			multiplyToMoney({ quantity: '900000000', unitPrice: '12.3456' })
		);
	});

	it.each([
		[15, 10, 2],
		[14, 10, 1],
		[-15, 10, -2],
		[-14, 10, -1],
		[0, 7, 0],
		[9_007_199_254_740_991, 10_000, 900_719_925_474]
	])('divideRoundHalfUp(%d, %d) = %d', (numerator, divisor, quotient) => {
		expect(divideRoundHalfUp(numerator, divisor)).toBe(quotient);
	});

	it('computes percentages, quotients, sums and comparisons exactly', () => {
		expect(percentOfMoney({ amount: '1234.55', percent: '10' })).toBe('123.46');
		expect(percentOfMoney({ amount: '0.05', percent: '10' })).toBe('0.01');
		expect(divideDecimal({ dividend: '10.00', divisor: '3', places: 4 })).toBe('3.3333');
		expect(divideDecimal({ dividend: '2', divisor: '3', places: 2 })).toBe('0.67');
		expect(() => divideDecimal({ dividend: '1', divisor: '0', places: 2 })).toThrow();
		expect(sumDecimal(['0.1', '0.2', '0.30'], 2)).toBe('0.60');
		expect(roundHalfUp('2.345', 2)).toBe('2.35');
		expect(roundHalfUp('-2.345', 2)).toBe('-2.35');
		expect(compareDecimal('1.10', '1.1')).toBe(0);
		expect(compareDecimal('-1', '0.5')).toBe(-1);
	});
});
