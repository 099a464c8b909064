// The store's central promise: projections depend only on the set of ops. Whatever the order,
// however often an op repeats and however the ops are batched, applying them gives exactly the
// projections of applying them one by one, and rebuilding from the log gives them again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { journalFromOps } from '$lib/domain/ledger/book';
import type { DomainOp } from '$lib/domain/op-payloads';
import type { Op } from '$lib/ops/envelope';
import {
	addDays,
	generateBook,
	limaTimeMs,
	makeOpFactory,
	makeRandom,
	type Random
} from '../../../tests/fixtures/ops-generator';
import { resetDatabase, snapshotProjections } from '../../../tests/fixtures/projection-snapshot';
import { applyRemote } from './apply-remote';
import { db } from './db';
import { moneyOpsUpTo } from './ledger-queries';
import { rebuildProjections } from './rebuild';

const voidTypeOf: Record<string, string> = {
	'delivery.recorded': 'delivery.voided',
	'advance.given': 'advance.voided',
	'charge.recorded': 'charge.voided',
	'settlement.issued': 'settlement.voided',
	'payment.made': 'payment.voided',
	'sale.recorded': 'sale.voided',
	'sale.collected': 'sale.voided',
	'expense.recorded': 'expense.voided'
};

/**
 * Corrections a generated book rarely has but sync must survive: several voids of one op (some
 * dated before the first), a void of the wrong entity, members edited on two phones at the same
 * moment, a month closed and reopened.
 */
function adversarialOps(book: ReturnType<typeof generateBook>, random: Random): Op[] {
	const factory = makeOpFactory({ random, associationId: book.associationId, deviceCount: 3 });
	const extra: Op[] = [];
	const voidable = book.ops.filter((op) => voidTypeOf[op.type]);
	for (let count = 0; count < 3 && voidable.length > 0; count++) {
		const target = random.pick(voidable);
		const voidType = voidTypeOf[target.type] as string;
		const voids = random.int(1, 2);
		for (let index = 0; index < voids; index++) {
			const date = addDays(target.date, random.int(-1, 1));
			extra.push(
				factory.make({
					type: voidType,
					date,
					atMs: limaTimeMs(date, random.int(0, 23)),
					device: random.int(0, 2),
					payload:
						voidType === 'delivery.voided'
							? { deliveryId: target.id, reason: 'Corrección' }
							: { targetId: target.id, reason: 'Corrección' }
				})
			);
		}
	}
	const delivery = book.ops.find((op) => op.type === 'delivery.recorded');
	if (delivery) {
		extra.push(
			factory.make({
				type: 'advance.voided',
				date: delivery.date,
				atMs: limaTimeMs(delivery.date, 7),
				payload: { targetId: delivery.id, reason: 'Anulación de otra entidad' }
			})
		);
	}
	for (const member of book.members) {
		const atMs = limaTimeMs('2025-03-20', 9);
		for (const device of [1, 2]) {
			if (!random.chance(0.5)) continue;
			extra.push(
				factory.make({
					type: 'member.updated',
					date: '2025-03-20',
					atMs,
					device,
					payload: {
						memberId: member.memberId,
						phone: random.chance(0.3) ? null : `9${random.int(10_000_000, 99_999_999)}`,
						...(random.chance(0.5) ? { fullName: `Socio ${device}` } : {})
					}
				})
			);
		}
	}
	for (const type of ['period.closed', 'period.reopened', 'period.closed']) {
		if (!random.chance(0.5)) continue;
		extra.push(
			factory.make({
				type,
				date: '2025-03-31',
				atMs: limaTimeMs('2025-03-31', random.int(0, 23)),
				device: random.int(0, 2),
				payload:
					type === 'period.closed'
						? { period: '2025-03', trialBalanceDigest: 'a'.repeat(64), checklist: [] }
						: { period: '2025-03', reason: 'Falta una venta' }
			})
		);
	}
	return extra;
}

function shuffledWithRepeats(ops: readonly Op[], random: Random, repeatRate: number): Op[] {
	const arranged = [...ops];
	for (const op of ops) if (random.chance(repeatRate)) arranged.push(op);
	for (let index = arranged.length - 1; index > 0; index--) {
		const other = random.int(0, index);
		[arranged[index], arranged[other]] = [arranged[other] as Op, arranged[index] as Op];
	}
	return arranged;
}

function inBatches<T>(items: readonly T[], sizes: readonly number[]): T[][] {
	const batches: T[][] = [];
	let start = 0;
	for (let index = 0; start < items.length; index++) {
		const size = sizes[index % sizes.length] as number;
		batches.push(items.slice(start, start + size));
		start += size;
	}
	return batches;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('projections', () => {
	it('are the same for any order, repetition and batching of the same ops', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					seed: fc.integer(),
					members: fc.integer({ min: 1, max: 3 }),
					days: fc.integer({ min: 1, max: 5 }),
					startDate: fc.constantFrom('2025-03-13', '2025-03-28'),
					arrangementSeed: fc.integer(),
					repeatRate: fc.double({ min: 0, max: 0.4, noNaN: true }),
					batchSizes: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 })
				}),
				async ({ seed, members, days, startDate, arrangementSeed, repeatRate, batchSizes }) => {
					const book = generateBook({
						seed,
						members,
						days,
						startDate,
						deliveryVoidRate: 0.2,
						advancesPerMonth: 15,
						chargesPerMonth: 10
					});
					const random = makeRandom(arrangementSeed);
					const ops = [...book.ops, ...adversarialOps(book, random)];

					await resetDatabase(db);
					for (const op of ops) {
						const applied = await applyRemote([op]);
						if (!applied.ok || applied.refused.length > 0) throw new Error(JSON.stringify(applied));
					}
					const oneByOne = await snapshotProjections(db);

					await resetDatabase(db);
					const arranged = shuffledWithRepeats(ops, random, repeatRate);
					for (const batch of inBatches(arranged, batchSizes)) await applyRemote(batch);
					expect(await snapshotProjections(db)).toEqual(oneByOne);
					expect(await db.ops.count()).toBe(ops.length);

					await rebuildProjections(db);
					expect(await snapshotProjections(db)).toEqual(oneByOne);

					// Cuentas posts what the store reads: the same journal as the log's.
					const journal = journalFromOps(ops as unknown as DomainOp[]);
					const read = journalFromOps(await moneyOpsUpTo(db, { to: '9999-12-31' }));
					expect([...read].sort(byId)).toEqual([...journal].sort(byId));
				}
			),
			{ numRuns: 25 }
		);
	});
});
