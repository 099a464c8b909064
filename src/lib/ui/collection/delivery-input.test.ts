import { describe, expect, it } from 'vitest';
import { checkDelivery, emptyTypedDelivery, type TypedDelivery } from './delivery-input';

const memberId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

function check(typed: Partial<TypedDelivery>, confirmedBig = false) {
	return checkDelivery({
		typed: { ...emptyTypedDelivery, ...typed },
		memberId,
		shift: 'am',
		confirmedBig,
		alcoholFailReason: 'Prueba de alcohol positiva'
	});
}

describe('checkDelivery', () => {
	it.each([
		['12,5', '12.50'],
		['12.5', '12.50'],
		['8', '8.00'],
		[' 0,75 ', '0.75']
	])('reads liters typed as %s', (liters, expected) => {
		expect(check({ liters })).toEqual({
			ok: true,
			payload: { memberId, shift: 'am', liters: expected }
		});
	});

	it.each([
		['', 'required'],
		['-3', 'liters_negative'],
		['12,555', 'liters_decimals'],
		['12.555', 'liters_decimals'],
		['doce', 'liters_number'],
		['201', 'liters_confirm_big']
	])('refuses liters %s with %s', (liters, code) => {
		expect(check({ liters })).toEqual({ ok: false, errors: { liters: code } });
	});

	it('accepts more than 200 L once confirmed', () => {
		expect(check({ liters: '201' }, true)).toMatchObject({ ok: true });
	});

	it('keeps the readings and refuses a reading that is not a number', () => {
		expect(check({ liters: '10', fatPct: '3,6', density: '1,031', acidityD: '16' })).toEqual({
			ok: true,
			payload: {
				memberId,
				shift: 'am',
				liters: '10.00',
				fatPct: '3.600',
				density: '1.031',
				acidityD: '16.000'
			}
		});
		expect(check({ liters: '10', fatPct: 'x' })).toEqual({
			ok: false,
			errors: { fatPct: 'reading' }
		});
	});

	it('rejects the whole delivery when the alcohol test fails', () => {
		expect(check({ liters: '15', alcoholTest: 'fail' })).toEqual({
			ok: true,
			payload: {
				memberId,
				shift: 'am',
				liters: '15.00',
				alcoholTest: 'fail',
				rejectedLiters: '15.00',
				rejectReason: 'Prueba de alcohol positiva'
			}
		});
	});

	it('asks for a reason for rejected liters and refuses more than delivered', () => {
		expect(check({ liters: '10', rejectedLiters: '2' })).toEqual({
			ok: false,
			errors: { rejectReason: 'reject_reason' }
		});
		expect(check({ liters: '10', rejectedLiters: '12', rejectReason: 'Sucia' })).toEqual({
			ok: false,
			errors: { rejectedLiters: 'rejected_too_many' }
		});
		expect(check({ liters: '10', rejectedLiters: '2', rejectReason: 'Sucia' })).toMatchObject({
			ok: true,
			payload: { rejectedLiters: '2.00', rejectReason: 'Sucia' }
		});
	});
});
