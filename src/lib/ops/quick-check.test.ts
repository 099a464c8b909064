import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mantaroAssociationOps } from '../../../tests/fixtures/mantaro-association';
import { parseOp } from './catalog';
import { quickCheck } from './quick-check';

const envelope = {
	id: '01956a3c-2f00-7abc-8def-0123456789ab',
	associationId: '3f1c2a9e-8b7d-4c6e-9f01-23456789abcd',
	scope: 'association',
	v: 1,
	date: '2025-03-01',
	hlc: '1740826800000:000000:phone-A-0001',
	deviceId: 'phone-A-0001',
	actorId: 'user-1',
	seq: 12
};
const memberId = '3f1c2a9e-8b7d-4c6e-9f01-23456789abce';

/** An op of each type the quick check knows, every field given, and one it leaves to zod. */
const payloads: Record<string, Record<string, unknown>> = {
	'delivery.recorded': {
		memberId,
		shift: 'am',
		liters: '12.5',
		fatPct: '3.6',
		density: '1.031',
		acidityD: '16',
		alcoholTest: 'pass',
		rejectedLiters: '0',
		rejectReason: 'agria'
	},
	'advance.given': { memberId, amount: '50.00', method: 'efectivo' },
	'charge.recorded': { memberId, kind: 'insumo', amount: '35.50', description: 'Sal mineral' },
	'payment.made': {
		memberId,
		settlementId: '01956a3c-2f00-7abc-8def-0123456789ac',
		amount: '120.00',
		method: 'yape',
		reference: 'op-123'
	},
	'delivery.voided': { deliveryId: '01956a3c-2f00-7abc-8def-0123456789ab', reason: 'mal anotado' }
};

/** Values each field may take: right ones, near misses and wrong types. */
const odd = [undefined, null, 0, -1, 1.5, '', ' ', 'x', [], {}, Number.NaN, true];
const envelopeValues: Record<string, unknown[]> = {
	id: [envelope.id, '01956a3c-2f00-4abc-8def-0123456789ab', envelope.id.toUpperCase()],
	associationId: [envelope.associationId, `${envelope.associationId}0`],
	scope: ['association', 'private'],
	type: Object.keys(payloads),
	v: [1, 2, '1'],
	date: ['2025-03-01', '2024-02-29', '2025-02-29', '1999-12-31', '2025-3-1', '2025-13-01'],
	hlc: [envelope.hlc, '1740826800000:0:phone-A-0001', '1740826800000:000000:short'],
	deviceId: ['phone-A-0001', 'short', 'phone A 0001'],
	actorId: ['user-1', 'u'.repeat(64), 'u'.repeat(65)],
	seq: [1, 12, 0, -3, 2.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, '12']
};
const payloadValues: Record<string, unknown[]> = {
	memberId: [memberId, 'socio-1'],
	shift: ['am', 'pm', 'noche'],
	liters: ['12.5', '0', '12.50', '12.505', '-1', '01', '1234567', '12345678'],
	fatPct: ['3.6', '3.615', '3.6155', '10000'],
	density: ['1.031', '1.'],
	acidityD: ['16', '0.5'],
	alcoholTest: ['pass', 'fail', 'maybe'],
	rejectedLiters: ['0', '12.5', '12.51', '2', 'x'],
	rejectReason: ['agria', '  agria ', '', 'a'.repeat(140), 'a'.repeat(141)],
	amount: ['50.00', '0.00', '-1.00', '50.0', '50', '1.234', '00.50', '9999999999999.99'],
	method: ['efectivo', 'transferencia', 'yape', 'plin', 'cheque'],
	kind: ['insumo', 'cuota', 'aporte', 'transporte', 'otro', 'multa'],
	description: ['Sal mineral', ' Sal', 'Sal\n', '', 'd'.repeat(140), 'd'.repeat(141)],
	settlementId: ['01956a3c-2f00-7abc-8def-0123456789ac', 'liquidacion-1'],
	reference: ['op-123', ' op-123', 'r'.repeat(80), 'r'.repeat(81)],
	deliveryId: ['01956a3c-2f00-7abc-8def-0123456789ab'],
	reason: ['mal anotado']
};

function changesOf(values: Record<string, unknown[]>) {
	return fc.dictionary(
		fc.constantFrom(...Object.keys(values), '__proto__', 'constructor', 'toString', 'extra'),
		fc.nat(),
		{ maxKeys: 3 }
	);
}

/** An op of some type with some fields set to other values, some dropped, maybe a key too many. */
const variant = fc
	.record({
		type: fc.constantFrom(...Object.keys(payloads)),
		envelope: changesOf(envelopeValues),
		payload: changesOf(payloadValues),
		dropped: fc.oneof(
			{ weight: 4, arbitrary: fc.constant([]) },
			{
				weight: 1,
				arbitrary: fc.subarray([...Object.keys(envelopeValues), ...Object.keys(payloadValues)])
			}
		),
		payloadOdd: fc.oneof(
			{ weight: 9, arbitrary: fc.constant(undefined) },
			{ weight: 1, arbitrary: fc.constantFrom(...odd.filter((value) => value !== undefined)) }
		)
	})
	.map(({ type, envelope: envelopeChanges, payload: payloadChanges, dropped, payloadOdd }) => {
		const op: Record<string, unknown> = { ...envelope, type };
		const body: Record<string, unknown> = { ...payloads[type] };
		for (const [target, changes, values] of [
			[op, envelopeChanges, envelopeValues],
			[body, payloadChanges, payloadValues]
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

describe('the quick check of the ops that fill a book', () => {
	it('takes only what the schemas take, giving the same op', () => {
		const taken = new Map<unknown, number>();
		fc.assert(
			fc.property(variant, (input) => {
				const quick = quickCheck(input);
				if (!quick) return;
				taken.set(input.type, (taken.get(input.type) ?? 0) + 1);
				expect(parseOp(input)).toEqual({ ok: true, op: quick });
			}),
			{ numRuns: 5000 }
		);
		// The generator reaches the quick path of every type often enough to mean something.
		for (const type of ['delivery.recorded', 'advance.given', 'charge.recorded', 'payment.made']) {
			expect(taken.get(type) ?? 0).toBeGreaterThan(50);
		}
		expect(taken.get('delivery.voided')).toBeUndefined();
	});

	it('takes every delivery, advance, charge and payment of a real book the schemas keep as it is', () => {
		const ops = [
			...mantaroAssociationOps({
				seed: 3,
				members: 20,
				months: 2,
				endDate: '2026-03-31',
				associationId: envelope.associationId
			})
		];
		const known = ops.filter((op) =>
			['delivery.recorded', 'advance.given', 'charge.recorded', 'payment.made'].includes(op.type)
		);
		expect(new Set(known.map((op) => op.type)).size).toBe(4);
		let kept = 0;
		for (const op of known) {
			const parsed = parseOp(op);
			if (!parsed.ok || !isDeepStrictEqual(parsed.op, op)) continue;
			kept += 1;
			expect(quickCheck(op)).toEqual(parsed.op);
		}
		expect(kept).toBeGreaterThan(known.length * 0.9);
		// A text with spaces to trim is left to the schemas, which trim it.
		const untrimmed = {
			...envelope,
			type: 'delivery.recorded',
			payload: { memberId, shift: 'am', liters: '9', rejectReason: ' agria ' }
		};
		expect(quickCheck(untrimmed)).toBeUndefined();
		expect(parseOp(untrimmed)).toMatchObject({
			ok: true,
			op: { payload: { rejectReason: 'agria' } }
		});
	});

	it('leaves other types, other versions and other shapes to the schemas', () => {
		const delivery = {
			...envelope,
			type: 'delivery.recorded',
			payload: payloads['delivery.recorded']
		};
		expect(quickCheck({ ...delivery, type: 'settlement.issued' })).toBeUndefined();
		expect(quickCheck({ ...delivery, v: 2 })).toBeUndefined();
		expect(quickCheck(Object.assign(Object.create({ inherited: 1 }), delivery))).toBeUndefined();
		expect(quickCheck([delivery])).toBeUndefined();
	});
});
