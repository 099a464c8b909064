// The integer valuation (centiliters × ten-thousandths, one rounding per line) must equal a plain
// decimal computation from the wire texts, delivery by delivery, for any prices and bands.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../../tests/fixtures/domain-month';
import { centsToMoney, multiplyToMoney, roundHalfUp, sumDecimal } from './money';
import {
	compilePriceSchedule,
	priceInForce,
	qualityAdjustmentPerLiter,
	splitAccepted,
	type PriceRecord
} from './pricing';
import { checkSettlement, computeSettlement, type DeliveryRecord } from './settlement';

const memberId = '0190a000-0000-7000-8000-00000000a0a0';

function decimalText(random: Random, maxUnits: number, scale: number): string {
	const units = random.int(0, maxUnits);
	const text = (units / 10 ** scale).toFixed(scale);
	return random.chance(0.5) ? text.replace(/\.?0+$/, '') || '0' : text;
}

function randomPrices(random: Random): PriceRecord[] {
	return Array.from({ length: random.int(1, 3) }, (_, index) => ({
		hlc: `${1_714_000_000_000 + random.int(0, 1000)}:000000:d${index}`,
		payload: {
			product: 'leche' as const,
			pricePerLiter: decimalText(random, 30_000, 4).replace(/^0$/, '0.5'),
			effectiveFrom:
				index === 0 ? '2024-05-01' : `2024-05-${String(random.int(1, 28)).padStart(2, '0')}`,
			qualityRules: {
				fatBands: Array.from({ length: random.int(0, 4) }, () => {
					const min = random.int(0, 5000);
					return {
						minFatPct: (min / 1000).toString(),
						...(random.chance(0.7)
							? { maxFatPct: ((min + random.int(1, 2000)) / 1000).toString() }
							: {}),
						adjustmentPerLiter: (random.chance(0.3) ? '-' : '') + decimalText(random, 2_000, 4)
					};
				}),
				rejectOnFailedAlcohol: random.chance(0.8)
			}
		}
	}));
}

function randomDeliveries(random: Random): DeliveryRecord[] {
	return Array.from({ length: random.int(0, 60) }, (_, index) => {
		const liters = decimalText(random, 5_000, 2);
		return {
			id: `0190e000-0000-7000-8000-${String(index).padStart(12, '0')}`,
			date: `2024-05-${String(random.int(1, 28)).padStart(2, '0')}`,
			payload: {
				memberId,
				shift: 'am' as const,
				liters,
				...(random.chance(0.9) ? { fatPct: decimalText(random, 12_000, 3) } : {}),
				...(random.chance(0.05) ? { alcoholTest: 'fail' as const } : {}),
				...(random.chance(0.05)
					? { rejectedLiters: decimalText(random, Math.round(Number(liters) * 100), 2) }
					: {})
			}
		};
	});
}

describe('settlement properties', () => {
	it('integer lines equal the decimal computation from the wire texts', () => {
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				const random = createRandom(seed);
				const prices = randomPrices(random);
				const deliveries = randomDeliveries(random);
				const result = computeSettlement({
					settlementId: '0190d000-0000-7000-8000-000000000001',
					memberId,
					periodFrom: '2024-05-01',
					periodTo: '2024-05-31',
					deliveries,
					schedule: compilePriceSchedule(prices)
				});
				if (!result.ok) throw new Error(result.rule);

				// The reference: each delivery priced from the texts; liters summed as decimals per
				// statement line — one base price with one effective adjustment — and rounded once.
				const litersByLine = new Map<string, { perLiter: string; liters: string[] }>();
				for (const delivery of deliveries) {
					const price = priceInForce({ prices, date: delivery.date });
					if (!price) throw new Error('every delivery has a price');
					const rules = price.qualityRules;
					const accepted = splitAccepted(delivery.payload, rules?.rejectOnFailedAlcohol ?? true);
					if (accepted.acceptedCentiliters === 0) continue;
					const adjusted = sumDecimal(
						[
							price.pricePerLiter,
							qualityAdjustmentPerLiter({ rules, fatPct: delivery.payload.fatPct })
						],
						4
					);
					const perLiter = adjusted.startsWith('-') ? '0.0000' : adjusted;
					const key = `${sumDecimal([price.pricePerLiter], 4)}|${perLiter}`;
					const line = litersByLine.get(key) ?? { perLiter, liters: [] };
					line.liters.push(centsToMoney(accepted.acceptedCentiliters));
					litersByLine.set(key, line);
				}
				const expectedLiters: Record<string, string> = {};
				const expectedAmounts: string[] = [];
				for (const { perLiter, liters } of litersByLine.values()) {
					const total = sumDecimal(liters, 2);
					expectedAmounts.push(multiplyToMoney({ quantity: total, unitPrice: perLiter }));
					expectedLiters[perLiter] = sumDecimal([expectedLiters[perLiter] ?? '0', total], 2);
				}

				const actualLiters: Record<string, string> = {};
				for (const line of result.payload.lines) {
					if (line.description.startsWith('Leche rechazada')) continue;
					actualLiters[line.pricePerLiter] = sumDecimal(
						[actualLiters[line.pricePerLiter] ?? '0', line.liters],
						2
					);
				}
				expect(actualLiters).toEqual(expectedLiters);
				const paidLines = result.payload.lines.filter(
					(line) => !line.description.startsWith('Leche rechazada')
				);
				expect(paidLines.length).toBe(litersByLine.size);
				// Each line's amount is its liters × price rounded once (checked with decimal.js)...
				expect(checkSettlement(result.payload)).toEqual([]);
				// ...and the lines are exactly the reference's lines, so the gross agrees too.
				expect(result.payload.gross).toBe(roundHalfUp(sumDecimal(expectedAmounts, 2), 2));
			}),
			{ numRuns: 400 }
		);
	});
});
