// Fair splits, checked on 100,000 random cases: the parts add up to the total exactly, each part
// is within one céntimo of its exact share, and the split is the same on every rerun and for any
// order of the input — what lets two devices split a surplus and agree to the céntimo.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createRandom } from '../../../tests/fixtures/domain-month';
import { allocateLargestRemainder, type Share } from './allocation';
import { centsToMoney, moneyToCents } from './money';

/**
 * Mostly a few funds or a small group of members, sometimes a whole association of up to 500:
 * about 500 of the 100,000 cases are large, which keeps the run under ten seconds.
 */
const keyCount = fc.oneof(
	{ weight: 189, arbitrary: fc.integer({ min: 1, max: 8 }) },
	{ weight: 10, arbitrary: fc.integer({ min: 9, max: 60 }) },
	{ weight: 1, arbitrary: fc.integer({ min: 61, max: 500 }) }
);

/**
 * Weights drawn from a seeded generator rather than one fast-check value per key: far cheaper
 * for 100,000 cases, and a failing case is still reproduced exactly by its seed.
 */
function makeShares(count: number, seed: number): Share[] {
	const random = createRandom(seed);
	// A small pool makes ties common; zeros are frequent; scales vary from liters to percentages.
	const pool = Array.from({ length: random.int(1, 6) }, () => {
		const scale = random.pick([0, 1, 2, 3]);
		const units = random.chance(0.2) ? 0 : random.int(1, random.pick([10, 1_000, 1_000_000]));
		return scale === 0 ? String(units) : (units / 10 ** scale).toFixed(scale);
	});
	const shares = Array.from({ length: count }, (_, index) => ({
		// Keys like member codes, numbered in a scrambled order so that key order is not input order.
		key: `S${String((index * 7919) % 100_003).padStart(6, '0')}`,
		weight: random.chance(0.15) ? '0' : random.pick(pool)
	}));
	if (shares.every((share) => Number(share.weight) === 0) && shares[0]) shares[0].weight = '1';
	return shares;
}

function scaled(weight: string, scale: number): bigint {
	const [integer = '0', fraction = ''] = weight.split('.');
	return BigInt(integer + fraction.padEnd(scale, '0'));
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
	const random = createRandom(seed);
	const out = [...items];
	for (let index = out.length - 1; index > 0; index--) {
		const other = random.int(0, index);
		[out[index], out[other]] = [out[other] as T, out[index] as T];
	}
	return out;
}

describe('allocateLargestRemainder properties', () => {
	it('100,000 random splits add up, stay within a céntimo, and do not depend on order', () => {
		fc.assert(
			fc.property(
				keyCount,
				fc.integer({ min: 1, max: 100_000_000 }),
				fc.integer(),
				(count, totalCents, seed) => {
					const total = centsToMoney(totalCents);
					const shares = makeShares(count, seed);
					const parts = allocateLargestRemainder(total, shares);

					// Plain booleans rather than expect() calls: 100,000 cases would spend most of
					// their time in the assertion library. fast-check reports the failing case.
					const sum = parts.reduce((acc, part) => acc + moneyToCents(part.amount), 0);
					if (sum !== totalCents) return false;

					// |part − total × w / Σw| < 1 céntimo, in integers: |part·Σw − total·w| < Σw.
					const scale = Math.max(...shares.map((share) => share.weight.split('.')[1]?.length ?? 0));
					const weights = shares.map((share) => scaled(share.weight, scale));
					const weightSum = weights.reduce((acc, weight) => acc + weight, 0n);
					const totalBig = BigInt(totalCents);
					const withinACentimo = parts.every((part, index) => {
						const weight = weights[index] ?? 0n;
						const gap = BigInt(moneyToCents(part.amount)) * weightSum - totalBig * weight;
						const near = gap < weightSum && -gap < weightSum;
						return near && (weight !== 0n || part.amount === '0.00');
					});
					if (!withinACentimo) return false;

					const rerun = allocateLargestRemainder(total, shares);
					if (JSON.stringify(rerun) !== JSON.stringify(parts)) return false;
					const byKey = new Map(parts.map((part) => [part.key, part.amount]));
					const reordered = allocateLargestRemainder(total, shuffle(shares, seed ^ 0x5bd1e995));
					return reordered.every((part) => byKey.get(part.key) === part.amount);
				}
			),
			{ numRuns: 100_000 }
		);
	});
});
