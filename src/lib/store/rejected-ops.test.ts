import { describe, expect, it } from 'vitest';
import { limaTimeMs } from '../../../tests/fixtures/ops-generator';
import {
	deliveryDraft,
	memberDraft,
	newPhone,
	recordAll,
	startBook
} from '../../../tests/fixtures/sync-phones';
import { applyRemote } from './apply-remote';
import { countedTwice, discardRejectedOp, rerecordRejectedOp, voidCopy } from './rejected-ops';
import { rejectedOpsToResolve } from './sync-counts';
import { markOpsRejected } from './sync-queue';

const now = () => limaTimeMs('2025-04-02', 9);
const memberId = '11111111-1111-4111-8111-111111111111';

async function phoneWithRefusedDelivery() {
	const db = await newPhone('rejected');
	await startBook(db, { userId: 'user-1', date: '2025-03-01', now });
	await recordAll(
		db,
		[memberDraft(memberId, 'A1', '2025-03-01'), deliveryDraft(memberId, '2025-03-30', '9.00')],
		now
	);
	const delivery = (await db.ops.toArray()).find((op) => op.type === 'delivery.recorded');
	await markOpsRejected([{ id: delivery?.id ?? '', reason: 'period_must_be_open' }], { db });
	return { db, id: delivery?.id ?? '' };
}

describe('refused ops', () => {
	it('are listed until the person decides, and discarding keeps the op in the log', async () => {
		const { db, id } = await phoneWithRefusedDelivery();
		expect((await rejectedOpsToResolve({ db })).map((op) => op.id)).toEqual([id]);
		await discardRejectedOp({ id, db, now });
		await discardRejectedOp({ id, db, now });
		expect(await rejectedOpsToResolve({ db })).toEqual([]);
		expect(await db.ops.get(id)).toMatchObject({ status: 'rejected' });
		expect(await db.deliveries.count()).toBe(0);
	});

	it('re-recording makes one new pending op dated today, however many taps', async () => {
		const { db, id } = await phoneWithRefusedDelivery();
		const first = await rerecordRejectedOp({ id, db, now });
		const second = await rerecordRejectedOp({ id, db, now });
		expect(first.ok && second.ok && first.op.id === second.op.id).toBe(true);
		const pending = await db.ops.where('status').equals('pending').toArray();
		const again = pending.filter((op) => op.type === 'delivery.recorded');
		expect(again).toHaveLength(1);
		expect(again[0]).toMatchObject({ date: '2025-04-02', payload: { liters: '9.00' } });
		expect(await db.deliveries.count()).toBe(1);
	});

	it('a re-recorded op whose original the server sends back is shown until its copy is voided', async () => {
		const { db, id } = await phoneWithRefusedDelivery();
		const copy = await rerecordRejectedOp({ id, db, now });
		if (!copy.ok) throw new Error('re-record failed');
		expect(await countedTwice({ db })).toEqual([]);
		// The month was reopened and another phone sent the original: the server holds both.
		const original = await db.ops.get(id);
		const { status: _status, rejectReason: _reason, ...envelope } = original!;
		await applyRemote([{ ...envelope, seq: 7 }], { db, now });
		const twice = await countedTwice({ db });
		expect(twice.map((pair) => [pair.original.id, pair.copy.id])).toEqual([[id, copy.op.id]]);
		expect(await db.deliveries.count()).toBe(2);
		expect(await voidCopy({ copy: copy.op, reason: 'Anotada dos veces', db, now })).toEqual({
			ok: true
		});
		expect(await countedTwice({ db })).toEqual([]);
		const counted = (await db.deliveries.toArray()).filter((row) => !row.voidedBy);
		expect(counted.map((row) => row.opId)).toEqual([id]);
	});

	it('follows a copy refused in turn to the last one, and drops the pair once either is voided', async () => {
		const { db, id } = await phoneWithRefusedDelivery();
		const copy = await rerecordRejectedOp({ id, db, now });
		if (!copy.ok) throw new Error('re-record failed');
		await markOpsRejected([{ id: copy.op.id, reason: 'period_must_be_open' }], { db });
		const last = await rerecordRejectedOp({ id: copy.op.id, db, now });
		if (!last.ok) throw new Error('second re-record failed');
		const original = await db.ops.get(id);
		const { status: _status, rejectReason: _reason, ...envelope } = original!;
		await applyRemote([{ ...envelope, seq: 7 }], { db, now });
		const twice = await countedTwice({ db });
		expect(twice.map((pair) => [pair.original.id, pair.copy.id])).toEqual([[id, last.op.id]]);
		// The directiva voided the original instead: the fact counts once, through the copy.
		await recordAll(
			db,
			[
				{
					type: 'delivery.voided',
					date: '2025-04-02',
					payload: { deliveryId: id, reason: 'Doble' }
				}
			],
			now
		);
		expect(await countedTwice({ db })).toEqual([]);
	});
});
