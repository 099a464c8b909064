import { describe, expect, it } from 'vitest';
import { checkAdjustment, checkAmount, checkPastDate, checkPricePerLiter } from './typed-values';

describe('typed values', () => {
	it.each([
		['50', { ok: true, value: '50.00' }],
		['12,5', { ok: true, value: '12.50' }],
		['0', { ok: false, code: 'money_positive' }],
		['-5', { ok: false, code: 'money_positive' }],
		['1.234', { ok: false, code: 'money_decimals' }],
		['', { ok: false, code: 'required' }],
		['abc', { ok: false, code: 'money_number' }]
	])('amount %s', (typed, expected) => expect(checkAmount(typed)).toEqual(expected));

	it.each([
		['1,45', { ok: true, value: '1.4500' }],
		['S/ 1.3', { ok: true, value: '1.3000' }],
		['0', { ok: false, code: 'price_positive' }],
		['0,00', { ok: false, code: 'price_positive' }],
		['1.23456', { ok: false, code: 'price_decimals' }],
		['uno', { ok: false, code: 'price_number' }]
	])('price %s', (typed, expected) => expect(checkPricePerLiter(typed)).toEqual(expected));

	it.each([
		['-0,05', { ok: true, value: '-0.0500' }],
		['0.1', { ok: true, value: '0.1000' }]
	])('adjustment %s', (typed, expected) => expect(checkAdjustment(typed)).toEqual(expected));

	it.each([
		['2025-05-10', { ok: true, value: '2025-05-10' }],
		['2025-05-11', { ok: false, code: 'date_future' }],
		['2025-02-30', { ok: false, code: 'date_must_exist' }],
		['', { ok: false, code: 'required' }]
	])('date %s', (typed, expected) => expect(checkPastDate(typed, '2025-05-10')).toEqual(expected));
});
