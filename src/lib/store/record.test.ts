import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { resetDatabase, snapshotProjections } from '../../../tests/fixtures/projection-snapshot';
import { configureAssociation } from './association';
import { db } from './db';
import { memberDeliveries, sumDeliveries } from './queries';
import { record, recordMany, type OpDraft } from './record';
import { countPendingOps } from './durability';

const memberId = '3f1c2a9e-8b7d-4c6e-9f01-23456789abce';
const registration: OpDraft = {
	type: 'member.registered',
	date: '2025-03-01',
	payload: {
		memberId,
		code: 'S-001',
		fullName: 'Rosa Quispe Huamán',
		activities: ['leche'],
		joinedOn: '2020-05-01'
	}
};
const delivery = (liters: string, shift: 'am' | 'pm' = 'am', date = '2025-03-02'): OpDraft => ({
	type: 'delivery.recorded',
	date,
	payload: { memberId, shift, liters }
});

beforeEach(async () => {
	await resetDatabase(db);
	await configureAssociation({
		name: 'Asociación Lechera Mito',
		legalForm: 'asociacion',
		district: 'Mito',
		settlementCycle: 'quincenal'
	});
});

afterEach(() => {
	vi.restoreAllMocks();
});

describe('record', () => {
	it('stores the op as pending with its projection, in one step', async () => {
		await record(registration);
		const result = await record(delivery('12.5'));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.op).toMatchObject({ status: 'pending', v: 1, scope: 'association' });
		expect(await db.ops.get(result.op.id)).toEqual(result.op);
		expect(await db.deliveries.get(result.op.id)).toMatchObject({
			memberId,
			centiliters: 1250,
			voided: 0
		});
		expect(await countPendingOps(db)).toBe(3);
	});

	it('keeps the same device id and a growing clock across ops', async () => {
		const first = await record(registration);
		const second = await record(delivery('3'));
		if (!first.ok || !second.ok) throw new Error('not recorded');
		expect(second.op.deviceId).toBe(first.op.deviceId);
		expect(second.op.hlc > first.op.hlc).toBe(true);
		expect(second.op.actorId).toBe(`device:${first.op.deviceId}`);
	});

	it('gives a clear error per field and stores nothing when any draft of a batch is invalid', async () => {
		const before = await db.ops.count();
		const result = await recordMany([registration, delivery('12.345'), delivery('')]);
		expect(result).toEqual({
			ok: false,
			code: 'payload_must_match_schema',
			errors: [
				{ index: 1, field: 'liters', code: 'liters_must_have_at_most_two_decimals' },
				{ index: 2, field: 'liters', code: 'liters_must_have_at_most_two_decimals' }
			]
		});
		expect(await db.ops.count()).toBe(before);
		expect(await db.members.count()).toBe(0);
	});

	it('refuses association ops before the association is set up', async () => {
		await resetDatabase(db);
		expect(await record(registration)).toEqual({
			ok: false,
			code: 'association_must_be_configured'
		});
	});

	it('is idempotent on retry with the same id, and refuses the id for a different fact', async () => {
		await record(registration);
		const id = makeUuidV7();
		const first = await record({ ...delivery('10'), id });
		const retry = await record({ ...delivery('10'), id });
		expect(retry).toEqual(first);
		expect(await db.deliveries.count()).toBe(1);
		const reused = await record({ ...delivery('11'), id });
		expect(reused).toEqual({ ok: false, code: 'id_must_not_be_reused', ids: [id] });
		expect((await db.deliveries.get(id))?.centiliters).toBe(1000);
	});

	it('keeps nothing of a batch when the disk is full, and says so', async () => {
		await record(registration);
		const before = await snapshotProjections(db);
		const opsBefore = await db.ops.count();
		vi.spyOn(db.deliveries, 'bulkPut').mockRejectedValueOnce(
			new DOMException('The quota has been exceeded.', 'QuotaExceededError')
		);
		const result = await recordMany([delivery('5'), delivery('6', 'pm')]);
		expect(result).toEqual({ ok: false, code: 'storage_full' });
		expect(await db.ops.count()).toBe(opsBefore);
		expect(await snapshotProjections(db)).toEqual(before);
	});

	it('recognises a full disk that Dexie reports as an AbortError', async () => {
		const abort = new Dexie.AbortError(
			'Transaction aborted',
			new DOMException('Quota exceeded', 'QuotaExceededError')
		);
		vi.spyOn(db.members, 'bulkPut').mockRejectedValueOnce(abort);
		expect(await record(registration)).toEqual({ ok: false, code: 'storage_full' });
		expect(await db.members.count()).toBe(0);
	});

	it('reports other failures as write_failed with nothing stored', async () => {
		vi.spyOn(db.members, 'bulkPut').mockRejectedValueOnce(new Error('disk on fire'));
		const result = await record(registration);
		expect(result).toMatchObject({ ok: false, code: 'write_failed' });
		expect(await db.members.count()).toBe(0);
	});

	it('takes a voided delivery out of the totals without deleting it', async () => {
		await record(registration);
		const kept = await record(delivery('10'));
		const wrong = await record(delivery('100', 'pm'));
		if (!kept.ok || !wrong.ok) throw new Error('not recorded');
		await record({
			type: 'delivery.voided',
			date: '2025-03-02',
			payload: { deliveryId: wrong.op.id, reason: 'Se anotó 100 en vez de 10' }
		});
		const rows = await memberDeliveries({ memberId, from: '2025-03-01', to: '2025-03-31' });
		expect(rows).toHaveLength(2);
		expect(sumDeliveries(rows)).toMatchObject({ centiliters: 1000, deliveries: 1 });
		expect(await db.ops.get(wrong.op.id)).toBeDefined();
	});

	it('asks the browser to keep the storage once real data is saved', async () => {
		await resetDatabase(db);
		const persist = vi.fn(async () => true);
		vi.stubGlobal('navigator', {
			storage: { persist, persisted: async () => false, estimate: async () => ({}) }
		});
		try {
			await configureAssociation({
				name: 'Asociación Aco',
				legalForm: 'cooperativa',
				district: 'Aco',
				settlementCycle: 'mensual'
			});
			await record(registration);
			await vi.waitFor(() => expect(persist).toHaveBeenCalledTimes(1));
		} finally {
			vi.unstubAllGlobals();
		}
	});
});
