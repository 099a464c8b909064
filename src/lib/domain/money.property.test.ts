// Integer hot paths must give exactly what decimal.js gives: the reason Ayni may sum céntimos and
// centiliters as plain numbers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	centilitersToLiters,
	centsToMoney,
	formatMoney,
	lineAmountCents,
	moneyToCents,
	multiplyToMoney,
	parseMoneyInput,
	sumDecimal,
	tenThousandthsToUnitPrice
} from './money';

const cents = fc.integer({ min: -100_000_000_000, max: 100_000_000_000 });

describe('money properties', () => {
	it('text ⇄ céntimos round-trips', () => {
		fc.assert(
			fc.property(cents, (amount) => moneyToCents(centsToMoney(amount)) === amount),
			{ numRuns: 2_000 }
		);
	});

	it('what formatMoney shows, parseMoneyInput reads back', () => {
		fc.assert(
			fc.property(cents, (amount) => {
				const parsed = parseMoneyInput(formatMoney(amount), { allowNegative: true });
				expect(parsed).toEqual({ ok: true, value: centsToMoney(amount) });
			}),
			{ numRuns: 2_000 }
		);
	});

	it('a line amount on integers equals liters × price rounded by decimal.js', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 1_000_000_000 }),
				fc.integer({ min: -100_000, max: 1_000_000 }),
				(centiliters, price) => {
					const integer = lineAmountCents({ centiliters, pricePerLiterTenThousandths: price });
					const decimal = multiplyToMoney({
						quantity: centilitersToLiters(centiliters),
						unitPrice: tenThousandthsToUnitPrice(price)
					});
					expect(centsToMoney(integer)).toBe(decimal);
				}
			),
			{ numRuns: 2_000 }
		);
	});

	it('an integer sum of céntimos equals the decimal sum of the texts', () => {
		fc.assert(
			fc.property(fc.array(cents, { maxLength: 200 }), (amounts) => {
				const total = amounts.reduce((sum, amount) => sum + amount, 0);
				expect(centsToMoney(total)).toBe(sumDecimal(amounts.map(centsToMoney), 2));
			}),
			{ numRuns: 500 }
		);
	});
});
