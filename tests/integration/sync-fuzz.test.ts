// 1,000 hostile push bodies through the same path the endpoint takes (body parsing, then the push
// service), on PGlite and PostgreSQL: oversized, deeply nested, NaN, 1e309, three-decimal amounts,
// unknown types, wrong types, text/plain. Each must be answered with a 4xx, or with a 200 in which
// every op is rejected by a named rule; nothing may throw, and no row may be written.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { associations } from '../../src/lib/server/db/schema';
import { parseJsonBody } from '../../src/lib/server/sync/json-body';
import { pushOps } from '../../src/lib/server/sync/push';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';
import { newAssociation, opCount, payloads, phoneFor } from './sync-fixtures';

const encoder = new TextEncoder();

await describeOnDatabases('sync push fuzz', (target) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await target.open();
	});
	afterAll(() => database?.destroy());

	it('answers 1,000 hostile bodies with 4xx or rejections, never throws, writes nothing', async () => {
		const a = await newAssociation(database.db);
		const phone = phoneFor(a.treasurer);
		const valid = () =>
			phone.record('advance.given', payloads.advance(a.member.memberId!), '2025-11-04');
		const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });
		const badValues = fc.constantFrom<unknown>(
			'12.345',
			12.5,
			Number.NaN,
			Number.POSITIVE_INFINITY,
			-1,
			'1e309',
			null,
			{},
			[],
			'',
			true,
			'x'.repeat(5000),
			nested(200),
			'cow.milked',
			2,
			'2025/02/30'
		);
		const fields = fc.constantFrom(
			'id',
			'associationId',
			'scope',
			'type',
			'v',
			'date',
			'hlc',
			'deviceId',
			'actorId',
			'payload',
			'payload.amount',
			'payload.memberId',
			'payload.method',
			'payload.extra',
			'extra'
		);
		// One valid op with one field replaced by a bad value: every such op must be refused.
		// A UUID is a fine member or device id, so as a bad value it only goes where it breaks a rule.
		const brokenField = fc.oneof(
			fc.tuple(fields, badValues),
			fc.tuple(fc.constantFrom('id', 'associationId', 'actorId'), fc.constant(crypto.randomUUID()))
		);
		const brokenOp = brokenField.map(([field, value]) => {
			const op = valid() as unknown as Record<string, unknown>;
			if (field.startsWith('payload.')) {
				op.payload = { ...(op.payload as object), [field.slice(8)]: value };
			} else {
				op[field] = value;
			}
			return op;
		});
		const jsonText = fc.oneof(
			// Whole bodies of the wrong shape.
			fc.jsonValue().map((value) => JSON.stringify(value)),
			fc.constantFrom('NaN', '{"ops": [NaN]}', '{"ops": 1e309}', '', '{', '[]', 'null', '"ops"'),
			fc.integer({ min: 1000, max: 200_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
			// Well-shaped batches of broken ops, and numbers JSON cannot carry exactly.
			fc
				.array(brokenOp, { minLength: 1, maxLength: 5 })
				.map((ops) =>
					JSON.stringify({ ...phone.batch([]), ops }).replace('"amount":"50.00"', '"amount":1e309')
				),
			fc
				.array(brokenOp, { maxLength: 3 })
				.map((ops) =>
					JSON.stringify({ associationId: a.id, deviceId: phone.deviceId, ops, more: 1 })
				),
			fc.constant(JSON.stringify(phone.batch(Array.from({ length: 1001 }, valid))))
		);
		const oversized = new Uint8Array(9 * 1024 * 1024).fill(0x20);
		const body = fc.oneof(
			{
				weight: 20,
				arbitrary: jsonText.map((text) => ({
					contentType: 'application/json',
					bytes: encoder.encode(text)
				}))
			},
			{
				weight: 1,
				arbitrary: jsonText.map((text) => ({
					contentType: 'text/plain',
					bytes: encoder.encode(text)
				}))
			},
			{ weight: 1, arbitrary: fc.constant({ contentType: 'application/json', bytes: oversized }) },
			{
				weight: 1,
				arbitrary: fc
					.uint8Array({ maxLength: 300 })
					.map((bytes) => ({ contentType: 'application/json', bytes }))
			}
		);
		const statuses = new Map<number, number>();
		await fc.assert(
			fc.asyncProperty(body, async (input) => {
				const parsed = parseJsonBody(input);
				let status: number;
				if (!parsed.ok) {
					status = parsed.status;
				} else {
					const response = await pushOps({
						db: database.db,
						caller: a.treasurer,
						body: parsed.value
					});
					status = response.status;
					if (response.status === 200) {
						for (const result of response.body.results) {
							expect(result.status).toBe('rejected');
							expect(result).toHaveProperty(
								'reason',
								expect.stringMatching(/^[a-z]+(_[a-z0-9]+)+$/)
							);
						}
					}
				}
				expect(status === 200 || (status >= 400 && status < 500)).toBe(true);
				statuses.set(status, (statuses.get(status) ?? 0) + 1);
			}),
			{ numRuns: 1000 }
		);
		expect(await opCount(database.db, a.id)).toBe(0);
		const [association] = await database.db.select().from(associations);
		expect(association?.opsLastSeq).toBe(0);
		// The mix really reached every layer: media type, size, JSON, batch schema, per-op rules.
		expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 413, 415]));
	});

	it('a NaN that no JSON can carry is refused when it reaches the service as a value', async () => {
		const a = await newAssociation(database.db);
		const phone = phoneFor(a.treasurer);
		const op = phone.record('advance.given', payloads.advance(a.member.memberId!), '2025-11-04');
		const response = await pushOps({
			db: database.db,
			caller: a.treasurer,
			body: phone.batch([{ ...op, payload: { ...op.payload, amount: Number.NaN } }])
		});
		expect(response).toMatchObject({
			status: 200,
			body: { results: [{ status: 'rejected', reason: 'payload_must_match_schema' }] }
		});
		expect(await opCount(database.db, a.id)).toBe(0);
	});
});
