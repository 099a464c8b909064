import { describe, expect, it } from 'vitest';
import { associationPayloads } from '$lib/domain/op-payloads';
import { opCatalog, parseOp, parsePayload } from './catalog';

const envelope = {
	id: '01956a3c-2f00-7abc-8def-0123456789ab',
	associationId: '3f1c2a9e-8b7d-4c6e-9f01-23456789abcd',
	scope: 'association',
	type: 'delivery.recorded',
	v: 1,
	date: '2025-03-01',
	hlc: '1740826800000:000000:phone-A-0001',
	deviceId: 'phone-A-0001',
	actorId: 'user-1',
	payload: { memberId: '3f1c2a9e-8b7d-4c6e-9f01-23456789abce', shift: 'am', liters: '12.5' }
};

describe('op catalog', () => {
	it('registers every association op type at version 1', () => {
		expect(Object.keys(opCatalog).sort()).toEqual(Object.keys(associationPayloads).sort());
		for (const entry of Object.values(opCatalog)) expect(entry.versions[1]).toBeDefined();
	});

	it('accepts a valid op and returns its payload as the schema outputs it', () => {
		const result = parseOp({
			...envelope,
			payload: { ...envelope.payload, rejectReason: '  agria ' }
		});
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.op.payload).toMatchObject({ rejectReason: 'agria' });
	});

	it.each([
		[{ type: 'cow.milked' }, { field: 'type', code: 'type_must_be_in_catalog' }],
		[{ scope: 'private' }, { field: 'scope', code: 'scope_must_match_type' }],
		[{ v: 2 }, { field: 'v', code: 'invalid_value' }],
		[{ hlc: '17408:1:x' }, { field: 'hlc', code: 'hlc_must_be_ms_counter_device' }],
		[{ date: '2025-02-30' }, { field: 'date', code: 'date_must_exist' }],
		[{ extra: 1 }, { field: 'extra', code: 'unrecognized_keys' }],
		[
			{ payload: { ...envelope.payload, liters: '1.234' } },
			{ field: 'payload.liters', code: 'liters_must_have_at_most_two_decimals' }
		]
	])('refuses %j with the rule it breaks', (change, error) => {
		const result = parseOp({ ...envelope, ...change });
		expect(result).toEqual({ ok: false, errors: expect.arrayContaining([error]) });
	});

	it('names payload fields as a form knows them', () => {
		const result = parsePayload({
			type: 'member.registered',
			v: 1,
			scope: 'association',
			payload: { memberId: 'x', code: 'S-1', fullName: '', activities: [], joinedOn: '2025-01-01' }
		});
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.errors).toContainEqual({ field: 'fullName', code: 'text_must_not_be_empty' });
			expect(result.errors).toContainEqual({ field: 'memberId', code: 'id_must_be_a_uuid' });
		}
	});
});
