import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mantaroAssociationOps } from '../../../tests/fixtures/mantaro-association';
import { parseBySchemas } from './catalog';
import { plainDelivery } from './plain-delivery';

const delivery = {
	id: '01956a3c-2f00-7abc-8def-0123456789ab',
	associationId: '3f1c2a9e-8b7d-4c6e-9f01-23456789abcd',
	scope: 'association',
	type: 'delivery.recorded',
	v: 1,
	date: '2025-03-01',
	hlc: '1740826800000:000000:phone-A-0001',
	deviceId: 'phone-A-0001',
	actorId: 'user-1',
	seq: 12,
	payload: {
		memberId: '3f1c2a9e-8b7d-4c6e-9f01-23456789abce',
		shift: 'am',
		liters: '12.5',
		fatPct: '3.6',
		density: '1.031',
		acidityD: '16',
		alcoholTest: 'pass',
		rejectedLiters: '0'
	}
};

/** Values each field may take: right ones, near misses and wrong types. */
const odd = [undefined, null, 0, -1, 1.5, '', ' ', 'x', [], {}, Number.NaN, true];
const envelopeValues: Record<string, unknown[]> = {
	id: [delivery.id, '01956a3c-2f00-4abc-8def-0123456789ab', delivery.id.toUpperCase()],
	associationId: [delivery.associationId, `${delivery.associationId}0`],
	scope: ['association', 'private'],
	type: ['delivery.recorded', 'delivery.voided', 'advance.given'],
	v: [1, 2, '1'],
	date: ['2025-03-01', '2024-02-29', '2025-02-29', '1999-12-31', '2025-3-1', '2025-13-01'],
	hlc: [delivery.hlc, '1740826800000:0:phone-A-0001', '1740826800000:000000:short'],
	deviceId: ['phone-A-0001', 'short', 'phone A 0001'],
	actorId: ['user-1', 'u'.repeat(64), 'u'.repeat(65)],
	seq: [1, 12, 0, -3, 2.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, '12']
};
const payloadValues: Record<string, unknown[]> = {
	memberId: [delivery.payload.memberId, 'socio-1'],
	shift: ['am', 'pm', 'noche'],
	liters: ['12.5', '0', '12.50', '12.505', '-1', '01', '1234567', '12345678'],
	fatPct: ['3.6', '3.615', '3.6155', '10000'],
	density: ['1.031', '1.'],
	acidityD: ['16', '0.5'],
	alcoholTest: ['pass', 'fail', 'maybe'],
	rejectedLiters: ['0', '12.5', '12.51', '2', 'x'],
	rejectReason: ['agria', '  agria ', '', 'a'.repeat(141)]
};

function fieldsOf(values: Record<string, unknown[]>) {
	return fc.dictionary(fc.constantFrom(...Object.keys(values), '__proto__', 'extra'), fc.nat(), {
		maxKeys: 3
	});
}

/** A delivery with some fields set to other values, some dropped and maybe a key too many. */
const variant = fc
	.record({
		envelope: fieldsOf(envelopeValues),
		payload: fieldsOf(payloadValues),
		dropped: fc.oneof(
			{ weight: 4, arbitrary: fc.constant([]) },
			{
				weight: 1,
				arbitrary: fc.subarray([...Object.keys(delivery), ...Object.keys(delivery.payload)])
			}
		),
		payloadOdd: fc.oneof(
			{ weight: 9, arbitrary: fc.constant(undefined) },
			{ weight: 1, arbitrary: fc.constantFrom(...odd.filter((value) => value !== undefined)) }
		)
	})
	.map(({ envelope, payload, dropped, payloadOdd }) => {
		const op: Record<string, unknown> = { ...delivery };
		const body: Record<string, unknown> = { ...delivery.payload };
		for (const [target, changes, values] of [
			[op, envelope, envelopeValues],
			[body, payload, payloadValues]
		] as const) {
			for (const [key, pick] of Object.entries(changes)) {
				const choices = values[key] ?? odd;
				Object.defineProperty(target, key, {
					value: choices[pick % choices.length],
					enumerable: true,
					writable: true,
					configurable: true
				});
			}
		}
		for (const key of dropped) {
			delete op[key];
			delete body[key];
		}
		op.payload = payloadOdd ?? body;
		return op;
	});

describe('the quick check of plain deliveries', () => {
	it('takes only what the schemas take, giving the same op', () => {
		let taken = 0;
		fc.assert(
			fc.property(variant, (input) => {
				const quick = plainDelivery(input);
				if (!quick) return;
				taken += 1;
				expect(parseBySchemas(input)).toEqual({ ok: true, op: quick });
			}),
			{ numRuns: 3000 }
		);
		// The generator reaches the quick path often enough for the property to mean something.
		expect(taken).toBeGreaterThan(100);
	});

	it("takes a real book's deliveries, all but those with a reason to trim", () => {
		const ops = [
			...mantaroAssociationOps({
				seed: 3,
				members: 20,
				months: 1,
				endDate: '2026-03-31',
				associationId: delivery.associationId
			})
		].filter((op) => op.type === 'delivery.recorded');
		const withReason = ops.filter((op) => 'rejectReason' in op.payload);
		expect(ops.filter((op) => plainDelivery(op)).length).toBe(ops.length - withReason.length);
		expect(withReason.every((op) => plainDelivery(op) === undefined)).toBe(true);
	});

	it('leaves ops of other types, other versions and other shapes to the schemas', () => {
		expect(plainDelivery({ ...delivery, type: 'advance.given' })).toBeUndefined();
		expect(plainDelivery({ ...delivery, v: 2 })).toBeUndefined();
		expect(plainDelivery(Object.assign(Object.create({ inherited: 1 }), delivery))).toBeUndefined();
		expect(plainDelivery([delivery])).toBeUndefined();
	});
});
