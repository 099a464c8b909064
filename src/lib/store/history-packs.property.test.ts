// A new phone's history stored packed (history-packs.ts: deliveries, and socios' statements,
// payments, advances and charges) must read as the same book as the same ops applied one by one:
// whatever the pages, with voids arriving before or after their targets, ops repeated inside a
// page or arriving again later (a backup, another person's pull), after a rebuild, and through a
// backup to another phone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op } from '$lib/ops/envelope';
import { generateBook, makeRandom } from '../../../tests/fixtures/ops-generator';
import {
	allDeliveries,
	countLog,
	resetDatabase,
	snapshotLog,
	snapshotProjections
} from '../../../tests/fixtures/projection-snapshot';
import { applyHistoryPage } from './apply-history';
import { applyRemote } from './apply-remote';
import { ledgerPackedTypes } from './history-packs';
import { exportBackup, importBackup } from './backup';
import { loadShiftSheet, memberShiftDeliveries, monthDeliveries } from './collection-queries';
import { moneyOpsUpTo } from './ledger-queries';
import { db, makeDatabase } from './db';
import { loadMemberAccount } from './member-queries';
import { memberDeliveries, shiftDeliveries } from './queries';
import { rebuildProjections } from './rebuild';
import { deliveriesBetween } from './settlement-queries';

/** The screens' reads run on the app's database: the packed phone is that one. */
const packedPhone = db;
const replayPhone = makeDatabase('packs-replay');
const restoredPhone = makeDatabase('packs-restored');

/** What the screens read of a book: every socio's deliveries and account, every shift, month. */
async function screenReads(book: ReturnType<typeof generateBook>): Promise<unknown[]> {
	const dates = [...new Set(book.ops.map((op) => op.date))].sort();
	const [first = '', last = ''] = [dates[0], dates.at(-1)];
	const reads: unknown[] = [
		await monthDeliveries(first.slice(0, 7)),
		await monthDeliveries(last.slice(0, 7)),
		await deliveriesBetween(db, { from: first, to: last }),
		// Cuentas: every op that moves money, up to the middle of the book and to its end.
		await moneyOpsUpTo(db, { to: dates[Math.floor(dates.length / 2)] ?? first }),
		await moneyOpsUpTo(db, { to: last })
	];
	for (const { memberId } of book.members) {
		reads.push(await memberDeliveries({ memberId, from: first, to: last }));
		reads.push(await loadMemberAccount(memberId));
		reads.push(await memberShiftDeliveries({ memberId, date: last, shift: 'am' }));
	}
	for (const date of dates) {
		reads.push(await shiftDeliveries({ date, shift: 'pm' }));
		reads.push(await loadShiftSheet({ date, shift: 'am' }));
	}
	return reads;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
	const random = makeRandom(seed);
	const arranged = [...items];
	for (let index = arranged.length - 1; index > 0; index--) {
		const other = random.int(0, index);
		[arranged[index], arranged[other]] = [arranged[other] as T, arranged[index] as T];
	}
	return arranged;
}

describe('a history stored packed', () => {
	it('reads as the same book as its ops applied one by one', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					seed: fc.integer(),
					members: fc.integer({ min: 1, max: 3 }),
					days: fc.integer({ min: 1, max: 40 }),
					arrangementSeed: fc.integer(),
					pageSize: fc.integer({ min: 1, max: 80 }),
					/** Pages stored the usual way instead (the recent part, an old backfill). */
					plainPages: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
					repeatInPage: fc.boolean(),
					applyAgain: fc.integer({ min: 0, max: 30 })
				}),
				async ({
					seed,
					members,
					days,
					arrangementSeed,
					pageSize,
					plainPages,
					repeatInPage,
					applyAgain
				}) => {
					const book = generateBook({
						seed,
						members,
						days,
						startDate: '2025-03-20',
						deliveryVoidRate: 0.2,
						advancesPerMonth: 10,
						settlements: true
					});
					const [configured, ...rest] = book.ops as Op[];
					await Promise.all([packedPhone, replayPhone, restoredPhone].map(resetDatabase));

					for (const op of book.ops) await applyRemote([op], { db: packedPhone });
					const expectedReads = await screenReads(book);
					await resetDatabase(packedPhone);
					for (const op of book.ops) await applyRemote([op], { db: replayPhone });
					const expected = await snapshotProjections(replayPhone);

					// The book is set by its first page, as the recent part sets it on a new phone.
					await applyRemote([configured], { db: packedPhone });
					const arranged = shuffled(rest, arrangementSeed);
					let ledgerPacked = false;
					for (let start = 0, page = 0; start < arranged.length; start += pageSize, page++) {
						const ops = arranged.slice(start, start + pageSize);
						const plain = plainPages[page % plainPages.length];
						const stored = plain
							? await applyRemote(ops, { db: packedPhone })
							: await applyHistoryPage(repeatInPage ? [...ops, ...ops.slice(0, 3)] : ops, {
									db: packedPhone
								});
						expect(stored).toMatchObject({ ok: true, refused: [], differentBody: [] });
						ledgerPacked ||= !plain && ops.some((op) => ledgerPackedTypes.has(op.type));
					}
					// The statements, payments, advances and charges of packed pages are packed too.
					expect((await packedPhone.ledgerPacks.count()) > 0).toBe(ledgerPacked);
					expect(await countLog(packedPhone)).toBe(book.ops.length);
					expect(await snapshotProjections(packedPhone)).toEqual(expected);
					expect(await screenReads(book)).toEqual(expectedReads);

					// Arriving again changes nothing, whichever way it comes.
					const again = shuffled(book.ops, arrangementSeed + 1).slice(0, applyAgain);
					expect(await applyRemote(again, { db: packedPhone })).toMatchObject({
						ok: true,
						applied: 0,
						alreadyStored: again.length
					});
					await rebuildProjections(packedPhone);
					expect(await snapshotProjections(packedPhone)).toEqual(expected);
					expect(await countLog(packedPhone)).toBe(book.ops.length);

					const file = await exportBackup({ db: packedPhone });
					if ('error' in file) throw new Error(file.error);
					expect(await importBackup(file.json, { db: restoredPhone })).toEqual({
						ok: true,
						added: book.ops.length,
						alreadyStored: 0
					});
					expect(await snapshotProjections(restoredPhone)).toEqual(expected);
					expect(await importBackup(file.json, { db: packedPhone })).toEqual({
						ok: true,
						added: 0,
						alreadyStored: book.ops.length
					});
					expect(await snapshotLog(packedPhone)).toEqual(await snapshotLog(restoredPhone));
				}
			),
			{ numRuns: 30 }
		);
	});

	it('leaves out of the packs a delivery the log took meanwhile, and counts it once', async () => {
		const book = generateBook({ seed: 7, members: 2, days: 3, startDate: '2025-03-20' });
		const [configured, ...rest] = book.ops as Op[];
		await resetDatabase(packedPhone);
		await applyRemote([configured], { db: packedPhone });
		const late = rest.find((op) => op.type === 'delivery.recorded') as Op;
		// A backup restored (or another tab's pull) stores one of the page's deliveries after the
		// page was checked against the log (its first pause) and before it is packed.
		let pauses = 0;
		const stored = await applyHistoryPage(rest, {
			db: packedPhone,
			beforeBatch: async () => {
				pauses += 1;
				if (pauses >= 2) await applyRemote([late], { db: packedPhone });
			}
		});
		expect(stored).toMatchObject({ ok: true, applied: rest.length - 1, alreadyStored: 1 });
		expect(await countLog(packedPhone)).toBe(book.ops.length);
		const rows = await allDeliveries(packedPhone);
		expect(rows.filter((row) => row.opId === late.id)).toHaveLength(1);
	});
});
