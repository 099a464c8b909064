import { describe, expect, it } from 'vitest';
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
});
