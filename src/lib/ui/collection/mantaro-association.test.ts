import { describe, expect, it } from 'vitest';
import { checkSettlement, litersToCentiliters, moneyToCents, type PayloadOf } from '$lib/domain';
import { parseOp } from '$lib/ops/catalog';
import {
	mantaroAssociationOps,
	mantaroMemberList
} from '../../../../tests/fixtures/mantaro-association';

const options = {
	seed: 11,
	members: 12,
	months: 2,
	endDate: '2025-06-20',
	associationId: '6f1c2a7e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
	configure: true
};

describe('the Mantaro association generator', () => {
	const ops = [...mantaroAssociationOps(options)];

	it('makes only valid ops, with unique ids, the same for the same seed', () => {
		expect(ops.map((op) => parseOp(op)).filter((result) => !result.ok)).toEqual([]);
		expect(new Set(ops.map((op) => op.id)).size).toBe(ops.length);
		expect([...mantaroAssociationOps(options)]).toEqual(ops);
	});

	it('spreads members over the valley and records two shifts, rejections, advances and inputs', () => {
		const members = mantaroMemberList(options.seed, options.members);
		expect(members.map((member) => member.code).slice(0, 3)).toEqual(['001', '002', '003']);
		expect(new Set(members.map((member) => member.district)).size).toBeGreaterThan(4);
		const types = new Set(ops.map((op) => op.type));
		for (const type of ['price.set', 'delivery.recorded', 'advance.given', 'charge.recorded']) {
			expect(types).toContain(type);
		}
		const deliveries = ops.filter((op) => op.type === 'delivery.recorded');
		const shifts = new Set(deliveries.map((op) => (op.payload as { shift: string }).shift));
		expect(shifts).toEqual(new Set(['am', 'pm']));
		const prices = ops
			.filter((op) => op.type === 'price.set')
			.map((op) => Number((op.payload as { pricePerLiter: string }).pricePerLiter));
		expect(Math.min(...prices)).toBeGreaterThanOrEqual(1.3);
		expect(Math.max(...prices)).toBeLessThanOrEqual(1.6);
		expect(ops.every((op) => op.date <= options.endDate)).toBe(true);
		const registered = ops.filter((op) => op.type === 'member.registered');
		expect(registered.map((op) => (op.payload as { memberId: string }).memberId)).toEqual(
			members.map((member) => member.memberId)
		);
	});

	it('issues every fortnight statements that add up, carry the last balance and are mostly paid', () => {
		const statements = ops
			.filter((op) => op.type === 'settlement.issued')
			.map((op) => op.payload as PayloadOf<'settlement.issued'>);
		const periods = [...new Set(statements.map((row) => `${row.periodFrom}/${row.periodTo}`))];
		expect(periods).toEqual([
			'2025-05-01/2025-05-15',
			'2025-05-16/2025-05-31',
			'2025-06-01/2025-06-15'
		]);
		expect(statements.flatMap((row) => checkSettlement(row))).toEqual([]);
		const sources = statements.flatMap((row) => row.deductions.map((line) => line.sourceId));
		expect(new Set(sources).size).toBe(sources.length);
		const deductible = ops.filter(
			(op) =>
				(op.type === 'advance.given' || op.type === 'charge.recorded') && op.date <= '2025-06-15'
		);
		expect(new Set(sources)).toEqual(new Set(deductible.map((op) => op.id)));

		const paid = new Map<string, number>();
		for (const op of ops.filter((op) => op.type === 'payment.made')) {
			const payload = op.payload as PayloadOf<'payment.made'>;
			const key = payload.settlementId as string;
			paid.set(key, (paid.get(key) ?? 0) + moneyToCents(payload.amount));
		}
		const balance = new Map<string, number>();
		for (const row of statements) {
			expect(moneyToCents(row.carriedIn)).toBe(balance.get(row.memberId) ?? 0);
			const paidCents = paid.get(row.settlementId) ?? 0;
			expect(paidCents).toBeLessThanOrEqual(Math.max(0, moneyToCents(row.net)));
			balance.set(row.memberId, moneyToCents(row.net) - paidCents);
		}
		// The last fortnight's statements were issued on the 16th; they are paid on the 18th.
		expect(paid.size).toBeGreaterThan(statements.length / 2);

		// Each period's milk is invoiced to the plant, which pays it in full two days later.
		const sales = ops.filter((op) => op.type === 'sale.recorded');
		expect(sales).toHaveLength(periods.length);
		const collected = ops
			.filter((op) => op.type === 'sale.collected')
			.reduce((sum, op) => sum + moneyToCents((op.payload as { amount: string }).amount), 0);
		const invoiced = sales.reduce(
			(sum, op) => sum + moneyToCents((op.payload as { total: string }).total),
			0
		);
		expect(collected).toBe(invoiced);
		// What the plant buys is the accepted milk: the statements' paid liters, rejected ones out.
		const invoicedLiters = sales.reduce(
			(sum, op) =>
				sum + litersToCentiliters((op.payload as PayloadOf<'sale.recorded'>).lines[0]!.quantity),
			0
		);
		const paidLiters = statements
			.flatMap((row) => row.lines)
			.filter((line) => moneyToCents(line.amount) > 0)
			.reduce((sum, line) => sum + litersToCentiliters(line.liters), 0);
		expect(invoicedLiters).toBe(paidLiters);
	});
});
