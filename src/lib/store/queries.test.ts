import { beforeEach, describe, expect, it } from 'vitest';
import { generateBook } from '../../../tests/fixtures/ops-generator';
import { resetDatabase } from '../../../tests/fixtures/projection-snapshot';
import { applyRemote } from './apply-remote';
import { db } from './db';
import { observe } from './live';
import { memberDeliveries, priceOn, shiftDeliveries, sumDeliveries } from './queries';
import { record } from './record';

const book = generateBook({ seed: 21, members: 3, days: 20, startDate: '2025-03-01' });
const member = book.members[0]!;

beforeEach(async () => {
	await resetDatabase(db);
	await applyRemote(book.ops);
});

describe('screen queries', () => {
	it("read a member's month from the index, the same rows Dexie's query gives", async () => {
		const rows = await memberDeliveries({
			memberId: member.memberId,
			from: '2025-03-01',
			to: '2025-03-31'
		});
		const viaDexie = await db.deliveries
			.where('[memberId+date]')
			.between([member.memberId, '2025-03-01'], [member.memberId, '2025-03-31'], true, true)
			.toArray();
		expect(rows).toEqual(viaDexie);
		expect(rows).toHaveLength(40);
		expect(rows.every((row) => row.memberId === member.memberId)).toBe(true);
		const shift = await shiftDeliveries({ date: '2025-03-05', shift: 'pm' });
		expect(shift).toHaveLength(3);
		expect(sumDeliveries(shift).centiliters).toBeGreaterThan(0);
	});

	it('re-run inside observe() when a delivery is recorded', async () => {
		const seen: number[] = [];
		const live = observe(() =>
			memberDeliveries({ memberId: member.memberId, from: '2025-03-21', to: '2025-03-31' })
		);
		const subscription = live.subscribe((rows) => seen.push(rows.length));
		await expect.poll(() => seen).toEqual([0]);
		await record({
			type: 'delivery.recorded',
			date: '2025-03-21',
			payload: { memberId: member.memberId, shift: 'am', liters: '9.5' }
		});
		await expect.poll(() => seen).toEqual([0, 1]);
		subscription.unsubscribe();
	});

	it('find the price in effect on a date', async () => {
		const prices = book.ops.filter((op) => op.type === 'price.set');
		const first = prices[0]!;
		expect((await priceOn('2025-03-01'))?.opId).toBe(first.id);
		expect(await priceOn('2025-02-01')).toBeUndefined();
	});
});
