// A phone that ran the walking skeleton (schema version 1) opens this version (6): the upgrade keeps
// every op and every device fact, and the projections that version 1 did not have are built from
// the log it already held. A phone whose history was packed by version 4 keeps reading it, and its
// journal table, which no screen read, is gone.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { generateBook } from '../../../tests/fixtures/ops-generator';
import { packedOpCount } from '../../../tests/fixtures/projection-snapshot';
import { loadAssociation } from './association-read';
import { groupBy } from './group-by';
import { allPackedOps, packedCopies, packedDeliveries } from './history-packs';
import { databaseName, db } from './db';
import { memberDeliveries, sumDeliveries } from './queries';
import { record } from './record';
import type { StoredOp } from './schema';
import { pendingByActor } from './sync-counts';

describe('schema upgrade from version 1', () => {
	it('loses nothing and builds the new projections from the log', async () => {
		const book = generateBook({ seed: 11, members: 2, days: 3, startDate: '2025-03-01' });
		// Two ops still wait to be pushed: the new index must count them after the upgrade.
		const rows = book.ops.map((op, index) => ({ ...op, status: index < 2 ? 'pending' : 'synced' }));
		const configured = book.ops[0];
		if (configured?.type !== 'association.configured') throw new Error('unexpected book');
		const hlcState = { ms: 1_740_900_000_000, counter: 4 };

		// Exactly what version 1 declared, written the way version 1 wrote it.
		const v1 = new Dexie(databaseName);
		v1.version(1).stores({ meta: '&key', ops: '&id, [status+hlc]', association: '&associationId' });
		await v1.open();
		await v1.table('meta').bulkPut([
			{ key: 'deviceId', value: 'old-phone-0001' },
			{ key: 'associationId', value: book.associationId },
			{ key: 'hlc', value: hlcState }
		]);
		await v1.table('ops').bulkPut(rows);
		await v1.table('association').put({
			associationId: book.associationId,
			...configured.payload,
			fieldHlc: Object.fromEntries(
				Object.keys(configured.payload).map((key) => [key, configured.hlc])
			)
		});
		v1.close();

		await db.open();
		expect(db.verno).toBe(6);
		expect(await db.ops.count()).toBe(rows.length);
		expect(await db.ops.bulkGet(rows.map((row) => row.id))).toEqual(rows);
		expect(await db.meta.get('deviceId')).toEqual({ key: 'deviceId', value: 'old-phone-0001' });
		expect(await db.meta.get('hlc')).toEqual({ key: 'hlc', value: hlcState });

		const actorId = rows[0]?.actorId;
		const mine = rows.filter((row) => row.status === 'pending' && row.actorId === actorId).length;
		expect(await pendingByActor({ actorId, db })).toEqual({
			mine,
			unowned: 0,
			others: 2 - mine
		});

		const loaded = await loadAssociation();
		expect(loaded).toEqual({
			status: 'ok',
			association: { associationId: book.associationId, ...configured.payload }
		});

		const member = book.members[0];
		if (!member) throw new Error('no member');
		const delivered = book.ops.filter(
			(op) => op.type === 'delivery.recorded' && op.payload.memberId === member.memberId
		);
		const deliveries = await memberDeliveries({
			memberId: member.memberId,
			from: '2025-03-01',
			to: '2025-03-31'
		});
		expect(deliveries.map((row) => row.opId).sort()).toEqual(delivered.map((op) => op.id).sort());
		expect(sumDeliveries(deliveries).deliveries).toBeGreaterThan(0);

		// And the upgraded book keeps recording, with the device it had.
		const next = await record({
			type: 'delivery.recorded',
			date: '2025-03-04',
			payload: { memberId: member.memberId, shift: 'am', liters: '8' }
		});
		expect(next.ok && next.op.deviceId).toBe('old-phone-0001');
		expect(next.ok && next.op.hlc > `${hlcState.ms}`).toBe(true);
	});
});

describe('schema upgrade from version 4', () => {
	it("keeps a new phone's packed history readable", async () => {
		const book = generateBook({ seed: 12, members: 2, days: 4, startDate: '2025-03-01' });
		const delivered = book.ops
			.filter((op) => op.type === 'delivery.recorded')
			.map((op, index) => ({ ...op, seq: index + 1, status: 'synced' }) as StoredOp);
		const memberIdOf = (op: StoredOp) => (op.payload as { memberId: string }).memberId;
		const member = book.members[0];
		if (!member || delivered.length < 2) throw new Error('unexpected book');
		const mine = delivered.filter((op) => memberIdOf(op) === member.memberId);
		const voided = mine[0];
		if (!voided) throw new Error('no delivery');
		db.close();
		await Dexie.delete(databaseName);
		// Version 4's tables as version 4 declared them, its packs one socio's month each.
		const v4 = new Dexie(databaseName);
		v4.version(4).stores({
			meta: '&key',
			ops: '&id, [status+hlc], [type+date], [status+actorId]',
			association: '&associationId',
			members: '&memberId, code',
			prices: '&opId, [effectiveFrom+hlc]',
			deliveries: '&opId, [memberId+date], [date+shift]',
			advances: '&opId, [memberId+date], date',
			charges: '&opId, [memberId+date], date',
			settlements: '&opId, settlementId, [memberId+periodTo], *sourceIds',
			payments: '&opId, [memberId+date], date, settlementId',
			sales: '&opId, saleId, date',
			saleCollections: '&opId, saleId, date',
			expenses: '&opId, date',
			periods: '&period',
			voids: '&opId, targetId',
			journal: '&id, date',
			deliveryPacks: '&key, [memberId+month], lastDate'
		});
		await v4.open();
		const bySocio = groupBy(delivered, memberIdOf);
		await v4.table('deliveryPacks').bulkPut(
			[...bySocio].map(([memberId, ops]) => ({
				key: `${memberId}|2025-03|${ops[0]?.seq}`,
				memberId,
				month: '2025-03',
				firstDate: ops[0]?.date,
				lastDate: ops.at(-1)?.date,
				ops
			}))
		);
		await v4.table('voids').put({
			opId: '01956a3c-2f00-7abc-8def-00000000void',
			targetId: voided.id,
			type: 'delivery.voided',
			date: '2025-03-05',
			hlc: '1741000000000:000000:phone-A-0001',
			reason: 'mal anotado'
		});
		await v4.table('journal').put({ id: 'entry-1', date: '2025-03-01', postings: [] });
		v4.close();

		await db.open();
		expect(db.verno).toBe(6);
		expect(db.backendDB().objectStoreNames.contains('journal')).toBe(false);
		expect(await packedOpCount(db)).toBe(delivered.length);
		expect((await allPackedOps(db)).map((op) => op.id).sort()).toEqual(
			delivered.map((op) => op.id).sort()
		);
		const rows = await packedDeliveries(db, {
			memberId: member.memberId,
			from: '2025-03-01',
			to: '2025-03-31'
		});
		expect(rows.map((row) => row.opId).sort()).toEqual(mine.map((op) => op.id).sort());
		expect(rows.find((row) => row.opId === voided.id)?.voided).toBe(1);
		expect([...(await packedCopies(db, mine)).keys()].sort()).toEqual(
			mine.map((op) => op.id).sort()
		);
	});
});
