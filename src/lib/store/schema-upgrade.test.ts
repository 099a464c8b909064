// A phone that ran the walking skeleton (schema version 1) opens this version (4): the upgrade keeps
// every op and every device fact, and the projections that version 1 did not have are built from
// the log it already held.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { generateBook } from '../../../tests/fixtures/ops-generator';
import { loadAssociation } from './association-read';
import { databaseName, db } from './db';
import { memberDeliveries, sumDeliveries } from './queries';
import { record } from './record';
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
		expect(db.verno).toBe(4);
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
