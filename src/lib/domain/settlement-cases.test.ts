// Cases the Liquidación screens rely on: a balance a member owes is carried into the next
// statement, and the ledger's account 465 for that member always equals what the latest
// statement says, less what was paid on it.
import { describe, expect, it } from 'vitest';
import { accountBalances, compilePriceSchedule, computeSettlement, journalFromOps } from './index';
import type { DomainOp } from './op-payloads';
import { idFor, op } from '../../../tests/fixtures/ledger-ops';

const ana = '0190a000-0000-7000-8000-00000000a0a0';
const schedule = () =>
	compilePriceSchedule([
		{
			hlc: '1714540000000:000000:devtest01',
			payload: {
				product: 'leche',
				pricePerLiter: '1.40',
				effectiveFrom: '2024-05-01',
				qualityRules: {
					fatBands: [{ minFatPct: '3.8', adjustmentPerLiter: '0.05' }],
					rejectOnFailedAlcohol: true
				}
			}
		},
		// The plant raises the price from the 10th: deliveries before keep the old price.
		{
			hlc: '1714540000000:000001:devtest01',
			payload: { product: 'leche', pricePerLiter: '1.50', effectiveFrom: '2024-05-10' }
		}
	]);

function member465(ops: DomainOp[]): number {
	let cents = 0;
	for (const entry of journalFromOps(ops)) {
		for (const line of entry.lines) if (line.account === '465') cents += line.amountCents;
	}
	return cents;
}

describe('a negative balance carried forward', () => {
	const advance = op(
		'advance.given',
		{ memberId: ana, amount: '60.00', method: 'efectivo' },
		{
			id: idFor('advance'),
			date: '2024-05-05'
		}
	);
	const firstResult = computeSettlement({
		settlementId: idFor('first'),
		memberId: ana,
		periodFrom: '2024-05-01',
		periodTo: '2024-05-15',
		schedule: schedule(),
		deliveries: [
			// 10 L at 1.45 (fat bonus) before the raise, 20 L at 1.50 after it.
			{
				id: idFor('d1'),
				date: '2024-05-03',
				payload: { memberId: ana, shift: 'am', liters: '10', fatPct: '4' }
			},
			{ id: idFor('d2'), date: '2024-05-12', payload: { memberId: ana, shift: 'am', liters: '20' } }
		],
		deductions: [
			{ kind: 'adelanto', sourceId: advance.id, amount: '60.00', description: 'Adelanto' }
		]
	});
	if (!firstResult.ok) throw new Error(firstResult.rule);
	const first = firstResult.payload;

	it('prices each delivery on its own date, with its quality adjustment', () => {
		expect(first.lines.map((line) => [line.liters, line.pricePerLiter, line.amount])).toEqual([
			['20.00', '1.5000', '30.00'],
			['10.00', '1.4500', '14.50']
		]);
		expect(first.gross).toBe('44.50');
		expect(first.net).toBe('-15.50');
	});

	const secondResult = computeSettlement({
		settlementId: idFor('second'),
		memberId: ana,
		periodFrom: '2024-05-16',
		periodTo: '2024-05-31',
		schedule: schedule(),
		deliveries: [
			{ id: idFor('d3'), date: '2024-05-20', payload: { memberId: ana, shift: 'pm', liters: '30' } }
		],
		carriedIn: first.net
	});
	if (!secondResult.ok) throw new Error(secondResult.rule);
	const second = secondResult.payload;

	it('takes what the member owed from the next statement', () => {
		expect(second).toMatchObject({ gross: '45.00', carriedIn: '-15.50', net: '29.50' });
	});

	it('leaves the ledger owing the member exactly the latest net, and nothing once paid', () => {
		const ops: DomainOp[] = [
			advance,
			op('settlement.issued', first, { id: idFor('s1'), date: '2024-05-15' }),
			op('settlement.issued', second, { id: idFor('s2'), date: '2024-05-31' })
		];
		// After the first statement the member owes 15.50 (a debit in 465).
		expect(member465(ops.slice(0, 2))).toBe(1550);
		expect(member465(ops)).toBe(-2950);
		const paid = [
			...ops,
			op(
				'payment.made',
				{ memberId: ana, settlementId: second.settlementId, amount: '29.50', method: 'yape' },
				{
					id: idFor('pay'),
					date: '2024-06-01'
				}
			)
		];
		expect(member465(paid)).toBe(0);
		const balances = accountBalances(journalFromOps(paid));
		// The cash box paid the advance; the bank (Yape) paid the rest.
		expect(balances.get('101')).toBe(-6000);
		expect(balances.get('104')).toBe(-2950);
	});
});
