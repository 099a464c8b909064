import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseHlc } from '$lib/ops/hlc';
import {
	generateBook,
	limaTimeMs,
	makeOpFactory,
	makeRandom
} from '../../../tests/fixtures/ops-generator';
import { resetDatabase, snapshotProjections } from '../../../tests/fixtures/projection-snapshot';
import { applyRemote } from './apply-remote';
import { db } from './db';
import { getMember } from './queries';
import { record } from './record';
import { markOpsRejected, markOpsSynced, pendingOps } from './sync-queue';

beforeEach(async () => {
	await resetDatabase(db);
});

afterEach(() => {
	vi.restoreAllMocks();
});

describe('applying ops from elsewhere', () => {
	it('is idempotent by op id: applying twice changes nothing', async () => {
		const book = generateBook({ seed: 3, members: 3, days: 4 });
		const first = await applyRemote(book.ops);
		expect(first).toMatchObject({ ok: true, applied: book.ops.length, alreadyStored: 0 });
		const snapshot = await snapshotProjections(db);
		const second = await applyRemote(book.ops);
		expect(second).toMatchObject({ ok: true, applied: 0, alreadyStored: book.ops.length });
		expect(await snapshotProjections(db)).toEqual(snapshot);
		expect(await db.ops.count()).toBe(book.ops.length);
	});

	it('stores a page of new ops that are not rows with a row already here', async () => {
		const associationId = '0190a000-0000-7000-8000-0000000000aa';
		const factory = makeOpFactory({ random: makeRandom(6), associationId });
		const atMs = limaTimeMs('2025-03-03', 9);
		const expense = factory.make({
			type: 'expense.recorded',
			date: '2025-03-03',
			atMs,
			payload: { category: 'Luz', amount: '32.13', description: 'Recibo', paidFrom: 'caja' }
		});
		const close = factory.make({
			type: 'period.closed',
			date: '2025-03-01',
			atMs: atMs + 1,
			payload: { period: '2025-02', trialBalanceDigest: 'c'.repeat(64), checklist: [] }
		});
		const voided = factory.make({
			type: 'delivery.voided',
			date: '2025-03-03',
			atMs: atMs + 2,
			payload: { deliveryId: '0190a000-0000-7000-8000-0000000000bb', reason: 'Error' }
		});
		await applyRemote([expense], { now: () => atMs });
		// The expense's voids are read while the page is written, and then not needed.
		const page = await applyRemote([close, voided, expense], { now: () => atMs });
		expect(page).toMatchObject({ ok: true, applied: 2, alreadyStored: 1 });
		expect(await db.periods.count()).toBe(1);
	});

	it('uses one transaction per 1000 ops', async () => {
		const book = generateBook({ seed: 4, members: 20, days: 60, deliveriesOnly: true });
		expect(book.ops.length).toBeGreaterThan(2000);
		const transaction = vi.spyOn(db, 'transaction');
		const result = await applyRemote(book.ops);
		expect(result.ok && result.applied).toBe(book.ops.length);
		expect(transaction).toHaveBeenCalledTimes(Math.ceil(book.ops.length / 1000));
	});

	it('refuses invalid ops, other books and clocks more than 24 h ahead, and applies the rest', async () => {
		const book = generateBook({ seed: 5, members: 1, days: 1 });
		const now = limaTimeMs('2025-03-05', 12);
		const factory = makeOpFactory({ random: makeRandom(1), associationId: book.associationId });
		const ahead = factory.make({
			type: 'expense.recorded',
			date: '2025-03-05',
			atMs: now + 25 * 3_600_000,
			payload: { category: 'Luz', amount: '10.00', description: 'Recibo', paidFrom: 'caja' }
		});
		const broken = { ...book.ops[1], payload: { nonsense: true } };
		const otherBook = makeOpFactory({
			random: makeRandom(2),
			associationId: '00000000-0000-4000-8000-000000000000'
		}).make({ type: 'expense.recorded', date: '2025-03-05', atMs: now, payload: ahead.payload });
		const result = await applyRemote([...book.ops, ahead, broken, otherBook], { now: () => now });
		expect(result.ok && result.applied).toBe(book.ops.length);
		const refused = result.refused.map(({ index, errors }) => [index, errors[0]?.code]);
		expect(refused).toEqual(
			expect.arrayContaining([
				[book.ops.length, 'hlc_must_not_be_more_than_24h_ahead'],
				[book.ops.length + 1, expect.any(String)],
				[book.ops.length + 2, 'association_must_match_book']
			])
		);
		expect(await db.ops.get(ahead.id)).toBeUndefined();
	});

	it('moves the local clock past the ops it receives', async () => {
		const book = generateBook({ seed: 6, members: 1, days: 2 });
		await applyRemote(book.ops);
		const latest = book.ops
			.map((op) => op.hlc)
			.sort()
			.at(-1) as string;
		// This phone's clock is a week behind the ops it received.
		const recorded = await record(
			{
				type: 'expense.recorded',
				date: '2025-03-01',
				payload: { category: 'Luz', amount: '5.00', description: 'Recibo', paidFrom: 'caja' }
			},
			{ now: () => parseHlc(latest).ms - 7 * 86_400_000 }
		);
		expect(recorded.ok && recorded.op.hlc > latest).toBe(true);
	});

	it('keeps, per member field, the value with the highest clock whatever the arrival order', async () => {
		const book = generateBook({ seed: 8, members: 1, days: 1, memberChanges: false });
		const member = book.members[0];
		if (!member) throw new Error('no member');
		const factory = makeOpFactory({
			random: makeRandom(9),
			associationId: book.associationId,
			deviceCount: 3
		});
		const at = limaTimeMs('2025-03-10', 9);
		const later = factory.make({
			type: 'member.updated',
			date: '2025-03-10',
			atMs: at + 1000,
			device: 1,
			payload: { memberId: member.memberId, phone: '987654321' }
		});
		const earlier = factory.make({
			type: 'member.updated',
			date: '2025-03-10',
			atMs: at,
			device: 2,
			payload: { memberId: member.memberId, phone: '912345678', fullName: 'Rosa Q. H.' }
		});
		await applyRemote([later]);
		await applyRemote([earlier]);
		await applyRemote(book.ops);
		expect(await getMember(member.memberId)).toMatchObject({
			phone: '987654321',
			fullName: 'Rosa Q. H.'
		});
	});

	it('marks our own ops synced when the server sends them back, and after a push', async () => {
		const book = generateBook({ seed: 10, members: 1, days: 1 });
		await applyRemote(book.ops, { status: 'pending' });
		expect(await pendingOps()).toHaveLength(book.ops.length);
		const [first, second] = book.ops;
		await applyRemote([{ ...first, seq: 1 }]);
		expect(await db.ops.get(first!.id)).toMatchObject({ status: 'synced', seq: 1 });
		await markOpsSynced([{ id: second!.id, seq: 2 }]);
		expect(await db.ops.get(second!.id)).toMatchObject({ status: 'synced', seq: 2 });
		const pending = await pendingOps({ limit: 1000 });
		expect(pending).toHaveLength(book.ops.length - 2);
		expect(pending.map((op) => op.hlc)).toEqual(pending.map((op) => op.hlc).sort());
	});
});

describe('a refusal from the server', () => {
	/** A book recorded on this phone, one of whose deliveries the server refused. */
	async function refusedDelivery() {
		const book = generateBook({ seed: 12, members: 2, days: 2, deliveryVoidRate: 0 });
		await applyRemote(book.ops, { status: 'pending' });
		const delivery = book.ops.find((op) => op.type === 'delivery.recorded');
		if (!delivery) throw new Error('no delivery');
		await markOpsRejected([{ id: delivery.id, reason: 'period_must_be_open' }]);
		return { book, delivery };
	}

	it('takes the op out of every total and keeps it in the log with its reason', async () => {
		const { book, delivery } = await refusedDelivery();
		expect(await db.deliveries.get(delivery.id)).toBeUndefined();
		expect(await db.ops.get(delivery.id)).toMatchObject({
			status: 'rejected',
			rejectReason: 'period_must_be_open'
		});
		expect(await pendingOps()).toHaveLength(book.ops.length - 1);
	});

	it('counts the op again when the server sends it back after all', async () => {
		const { delivery } = await refusedDelivery();
		expect(await db.deliveries.get(delivery.id)).toBeUndefined();
		const result = await applyRemote([{ ...delivery, seq: 7 }]);
		expect(result).toMatchObject({ ok: true, applied: 0, alreadyStored: 1 });
		const stored = await db.ops.get(delivery.id);
		expect(stored).toMatchObject({ status: 'synced', seq: 7 });
		expect(stored).not.toHaveProperty('rejectReason');
		expect(await db.deliveries.get(delivery.id)).toMatchObject({ opId: delivery.id });
	});
});
