import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mantaroAssociationOps } from '../../../tests/fixtures/mantaro-association';
import { packOps, unpackOps } from './op-columns';
import { makeUuidV7 } from './uuid-v7';

/** What the phone receives: the pack after a trip through JSON. */
function overTheWire(ops: Record<string, unknown>[]): unknown {
	return JSON.parse(JSON.stringify(packOps(ops)));
}

const hex = (length: number) =>
	fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const uuidV7 = fc
	.tuple(hex(12), hex(3), fc.constantFrom('8', '9', 'a', 'b'), hex(3), hex(12))
	.map(([ms, a, variant, b, node]) =>
		[ms.slice(0, 8), ms.slice(8), `7${a}`, `${variant}${b}`, node].join('-')
	);
const hlc = fc
	.tuple(
		fc.integer({ min: 0, max: 9_999_999_999_999 }),
		fc.integer({ min: 0, max: 999_999 }),
		fc.constantFrom('phone-aaaa', 'phone-bbbb')
	)
	.map(
		([ms, counter, device]) =>
			`${String(ms).padStart(13, '0')}:${String(counter).padStart(6, '0')}:${device}`
	);
/** Values of every kind an op holds, with ids, HLCs and texts that repeat or look alike. */
const value = fc.oneof(
	fc.jsonValue({ maxDepth: 2 }),
	uuidV7,
	hlc,
	fc.constantFrom('am', 'pm', '2026-11-01', '-0', '00012', '__proto__', ''),
	fc.integer({ min: -1e15, max: 1e15 }),
	fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0.5, null, true)
);
const key = fc.constantFrom(
	'id',
	'type',
	'seq',
	'hlc',
	'memberId',
	'liters',
	'payload',
	'x',
	'__proto__'
);
const op = fc.record({
	envelope: fc.dictionary(key, value, { maxKeys: 5 }),
	payload: fc.option(fc.dictionary(key, value, { maxKeys: 4 }), { nil: undefined })
});
const page = fc.array(
	op.map(({ envelope, payload }) =>
		payload === undefined ? envelope : { ...envelope, payload: payload as unknown }
	),
	{ maxLength: 40 }
);

describe('packed pull pages', () => {
	it('give back every op, key for key and in order, whatever the ops hold', () => {
		fc.assert(
			fc.property(page, (ops) => {
				const sent = JSON.parse(JSON.stringify(ops)) as Record<string, unknown>[];
				expect(unpackOps(overTheWire(sent))).toStrictEqual(sent);
			}),
			{ numRuns: 300 }
		);
	});

	it('refuse anything that is not a whole pack, without throwing', () => {
		fc.assert(
			fc.property(fc.anything(), (garbage) => {
				expect(() => unpackOps(garbage)).not.toThrow();
			})
		);
		const good = overTheWire([{ id: makeUuidV7(), seq: 1 }]) as Record<string, unknown>;
		expect(unpackOps(good)).toHaveLength(1);
		expect(unpackOps({ ...good, g: [0, 0] })).toBeUndefined();
		expect(unpackOps({ ...good, g: [1] })).toBeUndefined();
		expect(unpackOps({ ...good, v: 2 })).toBeUndefined();
		expect(unpackOps({ ...good, groups: [{ e: ['id'], l: 1, c: [{ i: [7] }] }] })).toBeUndefined();
		expect(
			unpackOps({ ...good, groups: [{ e: ['id', 'id'], l: 1, c: [{ a: [1] }, { a: [1] }] }] })
		).toBeUndefined();
		expect(unpackOps({ ...good, groups: [{ e: ['id'], l: 2, c: [{ a: [1] }] }] })).toBeUndefined();
		expect(unpackOps({ ...good, groups: [{ e: [], l: 1e15, c: [] }] })).toBeUndefined();
		const deep = { h: [{ n: [1] }, { n: [0] }, { a: ['phone-aaaa'] }] };
		expect(
			unpackOps({ ...good, groups: [{ e: ['hlc'], l: 1, c: [{ h: [deep, deep, deep] }] }] })
		).toBeUndefined();
		expect(
			unpackOps({
				...good,
				groups: [{ e: ['hlc'], l: 1, c: [{ h: [{ n: [-1] }, { n: [0] }, { a: ['phone-aaaa'] }] }] }]
			})
		).toBeUndefined();
	});

	it('take a month of Mantaro deliveries well under 30 bytes an op once compressed', async () => {
		const { brotliCompressSync, constants } = await import('node:zlib');
		const ops: Record<string, unknown>[] = [];
		let seq = 0;
		for (const made of mantaroAssociationOps({
			seed: 3,
			members: 120,
			months: 1,
			endDate: '2026-10-31',
			associationId: makeUuidV7(),
			configure: true
		})) {
			ops.push({ ...made, seq: ++seq });
		}
		const page = ops.slice(0, 5000);
		const packed = JSON.stringify(packOps(page));
		expect(unpackOps(JSON.parse(packed))).toStrictEqual(page);
		const brotli = (text: string) =>
			brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).length /
			page.length;
		const plain = brotli(JSON.stringify({ ops: page }));
		const columns = brotli(packed);
		console.info(
			`5000 ops, brotli q5: ${plain.toFixed(1)} B/op plain, ${columns.toFixed(1)} packed`
		);
		expect(columns).toBeLessThan(plain * 0.8);
	});
});
