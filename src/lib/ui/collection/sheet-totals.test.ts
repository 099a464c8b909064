import { describe, expect, it } from 'vitest';
import type { DeliveryRow } from '$lib/store/schema';
import { formatFatPct, sheetTotals } from './sheet-totals';

function row(over: Partial<DeliveryRow>): DeliveryRow {
	return {
		opId: 'x',
		memberId: 'a',
		date: '2025-05-10',
		shift: 'am',
		centiliters: 0,
		rejectedCentiliters: 0,
		voided: 0,
		...over
	};
}

describe('sheetTotals', () => {
	it('weighs fat by liters and leaves voided deliveries out', () => {
		const totals = sheetTotals([
			row({ memberId: 'a', centiliters: 4000, fatPct: '3.200' }),
			row({ memberId: 'b', centiliters: 500, fatPct: '4.100' }),
			row({ memberId: 'c', centiliters: 1000, rejectedCentiliters: 1000 }),
			row({ memberId: 'd', centiliters: 9900, fatPct: '9.000', voided: 1 })
		]);
		// (3.2 × 40 + 4.1 × 5) / 45 = 3.3
		expect(totals).toEqual({
			acceptedCentiliters: 4500,
			rejectedCentiliters: 1000,
			membersDelivered: 3,
			averageFatThousandths: 3300
		});
		expect(formatFatPct(3300)).toBe('3.30 %');
		expect(formatFatPct(3625)).toBe('3.63 %');
	});

	it('has no average fat without readings', () => {
		expect(sheetTotals([row({ centiliters: 100 })]).averageFatThousandths).toBeNull();
	});
});
