import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder, AllocationError } from './allocation';

const split = (total: string, weights: Partial<Record<string, string>>) =>
	Object.fromEntries(
		allocateLargestRemainder(
			total,
			Object.entries(weights).map(([key, weight]) => ({ key, weight: weight ?? '0' }))
		).map(({ key, amount }) => [key, amount])
	);

describe('allocateLargestRemainder', () => {
	it.each([
		{
			why: 'an even split has no remainder',
			total: '90.00',
			weights: { S001: '1', S002: '1', S003: '1' },
			parts: { S001: '30.00', S002: '30.00', S003: '30.00' }
		},
		{
			why: 'the leftover céntimo goes to the smallest key when remainders tie',
			total: '100.00',
			weights: { S003: '1', S001: '1', S002: '1' },
			parts: { S001: '33.34', S002: '33.33', S003: '33.33' }
		},
		{
			why: 'the largest remainder wins before any tie-break',
			total: '1.00',
			weights: { A: '1', B: '2' },
			parts: { A: '0.33', B: '0.67' }
		},
		{
			why: 'liters with decimals are weights like any other',
			total: '10.00',
			weights: { S001: '12.5', S002: '37.50' },
			parts: { S001: '2.50', S002: '7.50' }
		},
		{
			why: 'a zero weight gets nothing, never a leftover céntimo',
			total: '0.05',
			weights: { A: '0', B: '1', C: '1' },
			parts: { A: '0.00', B: '0.03', C: '0.02' }
		},
		{
			why: 'percentages for funds split a surplus exactly',
			total: '1234.57',
			weights: { reserva: '20', educacion: '10', socios: '70' },
			parts: { reserva: '246.91', educacion: '123.46', socios: '864.20' }
		},
		{
			why: 'a loss is split like a surplus, every part negative',
			total: '-0.10',
			weights: { A: '1', B: '1', C: '1' },
			parts: { A: '-0.04', B: '-0.03', C: '-0.03' }
		},
		{
			why: 'a single share takes everything',
			total: '0.01',
			weights: { S001: '0.001' },
			parts: { S001: '0.01' }
		}
	])('$why', ({ total, weights, parts }) => {
		expect(split(total, weights)).toEqual(parts);
	});

	it('returns the parts in the order of the shares', () => {
		const keys = allocateLargestRemainder('1.00', [
			{ key: 'z', weight: '1' },
			{ key: 'a', weight: '1' }
		]).map((part) => part.key);
		expect(keys).toEqual(['z', 'a']);
	});

	it.each([
		['all weights zero', '10.00', [{ key: 'A', weight: '0' }], 'weights_must_not_all_be_zero'],
		['no shares', '10.00', [], 'shares_must_not_be_empty'],
		[
			'a repeated key',
			'10.00',
			[
				{ key: 'A', weight: '1' },
				{ key: 'A', weight: '2' }
			],
			'keys_must_be_unique'
		],
		[
			'a negative weight',
			'10.00',
			[{ key: 'A', weight: '-1' }],
			'weight_must_be_a_non_negative_decimal'
		],
		[
			'a weight that is not a number',
			'10.00',
			[{ key: 'A', weight: 'x' }],
			'weight_must_be_a_non_negative_decimal'
		],
		[
			'a total with a fraction of a céntimo',
			'10.005',
			[{ key: 'A', weight: '1' }],
			'total_must_be_money'
		]
	])('refuses %s with an explicit rule', (_why, total, shares, rule) => {
		try {
			allocateLargestRemainder(total, shares);
			expect.unreachable('the split should have been refused');
		} catch (error) {
			expect(error).toBeInstanceOf(AllocationError);
			expect((error as AllocationError).rule).toBe(rule);
		}
	});
});
