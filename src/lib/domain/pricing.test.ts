import { describe, expect, it } from 'vitest';
import {
	compiledPriceOn,
	compilePrice,
	compilePriceSchedule,
	isRejected,
	priceInForce,
	pricePerLiterFor,
	qualityAdjustmentPerLiter,
	splitAccepted,
	type PriceRecord,
	type QualityRules
} from './pricing';

const price = (effectiveFrom: string, pricePerLiter: string, hlc: string): PriceRecord => ({
	hlc,
	payload: { product: 'leche', pricePerLiter, effectiveFrom }
});

const prices = [
	price('2024-05-01', '1.3000', '1714540000000:000000:a'),
	price('2024-05-16', '1.3500', '1715800000000:000000:a'),
	// Set the same day as the 1.35 but recorded later: the correction wins.
	price('2024-05-16', '1.3400', '1715800000500:000000:b'),
	price('2024-06-01', '1.4000', '1714000000000:000000:c')
];

describe('priceInForce', () => {
	it.each([
		['2024-04-30', null],
		['2024-05-01', '1.3000'],
		['2024-05-15', '1.3000'],
		['2024-05-16', '1.3400'],
		['2024-05-31', '1.3400'],
		['2024-06-01', '1.4000'],
		['2025-01-01', '1.4000']
	])('on %s the price is %s', (date, expected) => {
		expect(priceInForce({ prices, date })?.pricePerLiter ?? null).toBe(expected);
		const compiled = compiledPriceOn(compilePriceSchedule([...prices].reverse()), date);
		expect(compiled?.basePerLiterTenThousandths ?? null).toBe(
			expected === null ? null : Math.round(Number(expected) * 10_000)
		);
	});
});

const rules: QualityRules = {
	fatBands: [
		{ minFatPct: '0', maxFatPct: '3.2', adjustmentPerLiter: '-0.05' },
		{ minFatPct: '3.6', maxFatPct: '4', adjustmentPerLiter: '0.04' },
		{ minFatPct: '4', adjustmentPerLiter: '0.0825' },
		// Overlaps the 3.6–4 band: the most specific (highest lower bound) applies.
		{ minFatPct: '3.8', maxFatPct: '4', adjustmentPerLiter: '0.06' }
	],
	rejectOnFailedAlcohol: true
};

describe('qualityAdjustmentPerLiter', () => {
	it.each([
		[undefined, '0.0000'],
		['2.9', '-0.0500'],
		['3.199', '-0.0500'],
		['3.2', '0.0000'],
		['3.599', '0.0000'],
		['3.6', '0.0400'],
		['3.8', '0.0600'],
		['3.999', '0.0600'],
		['4', '0.0825'],
		['12.5', '0.0825']
	])('fat %s%% → %s per liter', (fatPct, adjustment) => {
		expect(qualityAdjustmentPerLiter({ rules, fatPct })).toBe(adjustment);
	});

	it('without rules there is no adjustment', () => {
		expect(qualityAdjustmentPerLiter({ rules: undefined, fatPct: '5' })).toBe('0.0000');
	});

	it('a penalty never makes a liter cost its producer money', () => {
		const cheap = compilePrice({
			hlc: '',
			payload: {
				product: 'leche',
				pricePerLiter: '0.0300',
				effectiveFrom: '2024-05-01',
				qualityRules: rules
			}
		});
		expect(pricePerLiterFor(cheap, 3000)).toBe(0);
		expect(pricePerLiterFor(cheap, 4500)).toBe(300 + 825);
	});
});

describe('accepted and rejected milk', () => {
	const delivery = { memberId: 'm', shift: 'am' as const, liters: '20.5' };

	it.each([
		['a clean delivery is all accepted', {}, true, [2050, 0]],
		['a failed alcohol test rejects all of it', { alcoholTest: 'fail' as const }, true, [0, 2050]],
		['unless the rules say otherwise', { alcoholTest: 'fail' as const }, false, [2050, 0]],
		['the collector may set part aside', { rejectedLiters: '5' }, true, [1550, 500]],
		['never more than was delivered', { rejectedLiters: '30' }, true, [0, 2050]]
	])('%s', (_why, extra, rejectOnFailedAlcohol, [accepted, rejected]) => {
		expect(splitAccepted({ ...delivery, ...extra }, rejectOnFailedAlcohol)).toEqual({
			acceptedCentiliters: accepted,
			rejectedCentiliters: rejected
		});
	});

	it('isRejected follows the rules', () => {
		expect(isRejected({ ...delivery, alcoholTest: 'fail' }, rules)).toBe(true);
		expect(
			isRejected(
				{ ...delivery, alcoholTest: 'fail' },
				{ fatBands: [], rejectOnFailedAlcohol: false }
			)
		).toBe(false);
		expect(isRejected({ ...delivery, alcoholTest: 'fail' }, undefined)).toBe(true);
	});
});
