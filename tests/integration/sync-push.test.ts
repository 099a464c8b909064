// POST /api/sync/push through the sync service, on PGlite and PostgreSQL: each op stored once
// whatever the retries, every refusal named by its rule with nothing of it stored, the period lock,
// and seqs that concurrent pushes neither share nor skip.
import fc from 'fast-check';
import { and, between, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, ops } from '../../src/lib/server/db/schema';
import { verifyAuditLog } from '../../src/lib/server/audit/audit-log';
import { pullOps } from '../../src/lib/server/sync/pull';
import { pushOps, type PushResult } from '../../src/lib/server/sync/push';
import type { Op } from '../../src/lib/ops/envelope';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';
import { newAssociation, opCount, payloads, phoneFor, storedSeqs } from './sync-fixtures';

const hourMs = 3_600_000;

await describeOnDatabases('sync push', (target) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await target.open();
	});
	afterAll(() => database?.destroy());

	async function push(phone: ReturnType<typeof phoneFor>, list: readonly Op[]) {
		const response = await pushOps({
			db: database.db,
			caller: phone.caller,
			body: phone.batch(list)
		});
		if (response.status !== 200) throw new Error(`push answered ${response.status}`);
		return response.body.results;
	}

	it('stores new ops with the next seqs and gives them back on pull as they were sent', async () => {
		const a = await newAssociation(database.db);
		const phone = phoneFor(a.treasurer);
		const sent = [
			phone.record('price.set', payloads.price('2025-11-01'), '2025-11-01'),
			phone.record('delivery.recorded', payloads.delivery(a.member.memberId!), '2025-11-02'),
			phone.record('advance.given', payloads.advance(a.member.memberId!), '2025-11-02')
		];
		const results = await push(phone, sent);
		expect(results).toEqual(
			sent.map((op, index) => ({ id: op.id, status: 'created', seq: index + 1 }))
		);
		const pulled = await pullOps({
			db: database.db,
			caller: a.treasurer,
			associationId: a.id,
			after: 0,
			limit: 10
		});
		expect(pulled.status).toBe(200);
		if (pulled.status !== 200) return;
		expect(pulled.body.ops).toEqual(sent.map((op, index) => ({ ...op, seq: index + 1 })));
		expect(pulled.body).toMatchObject({ next: 3, more: false });
	});

	it('audits an accepted payment or close once, in the chain, and nothing for a retry', async () => {
		const a = await newAssociation(database.db);
		const phone = phoneFor(a.treasurer);
		const payment = phone.record(
			'payment.made',
			{ memberId: a.member.memberId!, amount: '120.50', method: 'yape' },
			'2025-11-16'
		);
		const close = phone.record('period.closed', payloads.closed('2025-10'), '2025-11-05');
		const delivery = phone.record(
			'delivery.recorded',
			payloads.delivery(a.member.memberId!),
			'2025-11-02'
		);
		await push(phone, [payment, close, delivery]);
		await push(phone, [payment, close]);
		const rows = await database.db
			.select({ action: auditLog.action, details: auditLog.details, actor: auditLog.actorUserId })
			.from(auditLog)
			.where(eq(auditLog.associationId, a.id))
			.orderBy(auditLog.seq);
		const opRows = rows.filter(
			(row) => row.action === 'payment.made' || row.action === 'period.closed'
		);
		expect(opRows).toEqual([
			{
				action: 'payment.made',
				actor: a.treasurer.userId,
				details: {
					opId: payment.id,
					date: '2025-11-16',
					memberId: a.member.memberId,
					amount: '120.50',
					method: 'yape'
				}
			},
			{
				action: 'period.closed',
				actor: a.treasurer.userId,
				details: { opId: close.id, date: '2025-11-05', period: '2025-10' }
			}
		]);
		expect((await verifyAuditLog(database.db)).breaks).toEqual([]);
	});

	it('idempotency: every batch pushed 1–5 times, in any order, stores each op exactly once', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 5 })), {
					minLength: 1,
					maxLength: 5
				}),
				fc.infiniteStream(fc.nat()),
				async (batchPlan, shuffle) => {
					const a = await newAssociation(database.db);
					const phone = phoneFor(a.collector);
					const batches = batchPlan.map(([size, times]) => ({
						ops: Array.from({ length: size }, (_, day) =>
							phone.record(
								'delivery.recorded',
								payloads.delivery(a.member.memberId!),
								`2025-11-${String(day + 1).padStart(2, '0')}`
							)
						),
						times
					}));
					// Every delivery of a batch, repeated, in a shuffled order of pushes.
					const pushes = batches.flatMap((batch) =>
						Array.from({ length: batch.times }, () => batch.ops)
					);
					const order = pushes.map((list, index) => ({
						list,
						key: shuffle.next().value! + index / 1000
					}));
					order.sort((x, y) => x.key - y.key);
					for (const { list } of order) {
						const results = await push(phone, list);
						for (const result of results) expect(['created', 'exists']).toContain(result.status);
					}
					const distinct = batches.reduce((sum, batch) => sum + batch.ops.length, 0);
					expect(await opCount(database.db, a.id)).toBe(distinct);
					expect(await storedSeqs(database.db, a.id)).toEqual(
						Array.from({ length: distinct }, (_, i) => i + 1)
					);
				}
			),
			{ numRuns: 8 }
		);
	});

	it('answers exists_with_different_body for a known id with another body and keeps the first', async () => {
		const a = await newAssociation(database.db);
		const phone = phoneFor(a.collector);
		const first = phone.record(
			'delivery.recorded',
			payloads.delivery(a.member.memberId!, '10.00'),
			'2025-11-03'
		);
		await push(phone, [first]);
		const altered = { ...first, payload: payloads.delivery(a.member.memberId!, '99.00') };
		expect(await push(phone, [altered])).toEqual([
			{ id: first.id, status: 'exists_with_different_body' }
		]);
		expect(await push(phone, [first])).toEqual([{ id: first.id, status: 'exists', seq: 1 }]);
		const [stored] = await database.db.select().from(ops).where(eq(ops.id, first.id));
		expect(stored?.payload).toMatchObject({ liters: '10.00' });
		expect(await opCount(database.db, a.id)).toBe(1);
	});

	it('interrupted sync: cut after op k of n, for every k, then retried whole: each op stored once', async () => {
		const n = 8;
		for (let k = 0; k <= n; k++) {
			const a = await newAssociation(database.db);
			const phone = phoneFor(a.collector);
			const batch = Array.from({ length: n }, (_, index) =>
				phone.record(
					'delivery.recorded',
					payloads.delivery(a.member.memberId!),
					`2025-11-${String(index + 1).padStart(2, '0')}`
				)
			);
			// The server committed the first k ops, then the connection dropped before the answer.
			if (k > 0) await push(phone, batch.slice(0, k));
			const retry = await push(phone, batch);
			expect(retry.filter((result) => result.status === 'exists')).toHaveLength(k);
			expect(retry.filter((result) => result.status === 'created')).toHaveLength(n - k);
			expect(await opCount(database.db, a.id)).toBe(n);
			expect(await storedSeqs(database.db, a.id)).toEqual(
				Array.from({ length: n }, (_, i) => i + 1)
			);
		}
	});

	describe('refusals name their rule and store nothing', () => {
		it.each([
			[
				'another association in the op',
				'treasurer',
				(op: Op) => ({ ...op, associationId: crypto.randomUUID() }),
				'association_must_match_caller'
			],
			[
				'another actor (a shared phone)',
				'treasurer',
				(op: Op) => ({ ...op, actorId: crypto.randomUUID() }),
				'actor_must_be_caller'
			],
			[
				'a private-book op',
				'treasurer',
				(op: Op) => ({ ...op, scope: 'private' }),
				'scope_must_be_association'
			],
			[
				'an unknown type',
				'treasurer',
				(op: Op) => ({ ...op, type: 'cow.milked' }),
				'payload_must_match_schema'
			],
			[
				'a three-decimal amount',
				'treasurer',
				(op: Op) => ({ ...op, payload: { ...op.payload, amount: '50.005' } }),
				'payload_must_match_schema'
			],
			[
				'an HLC 25 h ahead',
				'treasurer',
				(op: Op) => ({ ...op, hlc: `${Date.now() + 25 * hourMs}${op.hlc.slice(13)}` }),
				'hlc_must_not_be_ahead'
			],
			['a collector recording an advance', 'collector', (op: Op) => op, 'role_must_allow_type']
		] as const)('%s', async (_label, role, mutate, reason) => {
			const a = await newAssociation(database.db);
			const phone = phoneFor(a[role]);
			const op = mutate(
				phone.record('advance.given', payloads.advance(a.member.memberId!), '2025-11-04')
			);
			const [result] = await push(phone, [op as Op]);
			expect(result).toMatchObject({ id: op.id, status: 'rejected', reason });
			expect(await opCount(database.db, a.id)).toBe(0);
		});

		it('lets an HLC 23 h ahead through (a phone clock a little fast is not a fault)', async () => {
			const a = await newAssociation(database.db);
			const phone = phoneFor(a.treasurer);
			const op = phone.record(
				'expense.recorded',
				payloads.expense(),
				'2025-11-04',
				Date.now() + 23 * hourMs
			);
			expect((await push(phone, [op]))[0]?.status).toBe('created');
		});

		it('refuses a member, another tenant in the body, and more than 1000 ops, as a whole', async () => {
			const a = await newAssociation(database.db);
			const member = phoneFor(a.member);
			const own = member.record(
				'delivery.recorded',
				payloads.delivery(a.member.memberId!),
				'2025-11-04'
			);
			const asMember = await pushOps({
				db: database.db,
				caller: a.member,
				body: member.batch([own])
			});
			expect(asMember).toEqual({ status: 403, body: { error: 'role_must_allow_push' } });
			const treasurer = phoneFor(a.treasurer);
			const otherTenant = await pushOps({
				db: database.db,
				caller: a.treasurer,
				body: { ...treasurer.batch([]), associationId: crypto.randomUUID() }
			});
			expect(otherTenant).toEqual({
				status: 403,
				body: { error: 'association_must_match_caller' }
			});
			const tooMany = Array.from({ length: 1001 }, () =>
				treasurer.record('expense.recorded', payloads.expense(), '2025-11-04')
			);
			const oversized = await pushOps({
				db: database.db,
				caller: a.treasurer,
				body: treasurer.batch(tooMany)
			});
			expect(oversized.status).toBe(400);
			expect(oversized.body).toMatchObject({
				error: 'body_must_match_schema',
				fields: [{ field: 'ops', code: 'ops_must_not_exceed_1000' }]
			});
			expect(await opCount(database.db, a.id)).toBe(0);
		});
	});

	it('a phone 45 days offline: its ops in a month closed meanwhile are refused, nothing lands in that month', async () => {
		const a = await newAssociation(database.db);
		const collector = phoneFor(a.collector);
		const treasurer = phoneFor(a.treasurer);
		const admin = phoneFor(a.admin);
		const memberId = a.member.memberId!;
		// Offline from 20 October to 3 December, recording every day.
		const offline = Array.from({ length: 45 }, (_, day) => {
			const date = new Date(Date.UTC(2025, 9, 20 + day)).toISOString().slice(0, 10);
			return collector.record('delivery.recorded', payloads.delivery(memberId), date);
		});
		const october = offline.filter((op) => op.date.startsWith('2025-10'));
		// Meanwhile the treasurer closed October.
		const [close] = await push(treasurer, [
			treasurer.record('period.closed', payloads.closed('2025-10'), '2025-11-05')
		]);
		expect(close?.status).toBe('created');
		const closeSeq = (close as { seq: number }).seq;

		const results = await push(collector, offline);
		results.forEach((result: PushResult, index) => {
			const expected = offline[index]!.date.startsWith('2025-10')
				? { status: 'rejected', reason: 'period_must_be_open' }
				: { status: 'created' };
			expect(result).toMatchObject(expected);
		});
		const writtenIntoOctober = await database.db
			.select({ id: ops.id })
			.from(ops)
			.where(
				and(
					eq(ops.associationId, a.id),
					gt(ops.seq, closeSeq),
					between(ops.date, '2025-10-01', '2025-10-31')
				)
			);
		expect(writtenIntoOctober).toEqual([]);
		expect(await opCount(database.db, a.id)).toBe(1 + offline.length - october.length);

		// Only an admin reopens; then the same ops, retried unchanged, are accepted.
		const [byTreasurer] = await push(treasurer, [
			treasurer.record('period.reopened', payloads.reopened('2025-10'), '2025-12-04')
		]);
		expect(byTreasurer).toMatchObject({ status: 'rejected', reason: 'role_must_allow_type' });
		const [byAdmin] = await push(admin, [
			admin.record('period.reopened', payloads.reopened('2025-10'), '2025-12-04')
		]);
		expect(byAdmin?.status).toBe('created');
		const retried = await push(collector, offline);
		expect(retried.filter((result) => result.status === 'created')).toHaveLength(october.length);
		expect(retried.filter((result) => result.status === 'exists')).toHaveLength(
			offline.length - october.length
		);
	});

	it('closing a closed month or reopening an open one is refused', async () => {
		const a = await newAssociation(database.db);
		const admin = phoneFor(a.admin);
		const results = await push(admin, [
			admin.record('period.reopened', payloads.reopened('2025-09'), '2025-10-02'),
			admin.record('period.closed', payloads.closed('2025-09'), '2025-10-02'),
			admin.record('period.closed', payloads.closed('2025-09'), '2025-10-03')
		]);
		expect(results.map((result) => ('reason' in result ? result.reason : result.status))).toEqual([
			'period_must_be_closed',
			'created',
			'period_must_be_open'
		]);
	});

	it('concurrent pushes neither share nor skip a seq, and a puller paging meanwhile misses nothing', async () => {
		const a = await newAssociation(database.db);
		const phones = Array.from({ length: 8 }, () => phoneFor(a.treasurer));
		const batches = phones.map((phone) =>
			Array.from({ length: 25 }, () =>
				phone.record('expense.recorded', payloads.expense(), '2025-11-06')
			)
		);
		const seen = new Map<string, number>();
		let pushing = true;
		const puller = (async () => {
			let after = 0;
			for (;;) {
				const stillPushing = pushing;
				const page = await pullOps({
					db: database.db,
					caller: a.admin,
					associationId: a.id,
					after,
					limit: 7
				});
				if (page.status !== 200) throw new Error('pull failed');
				for (const op of page.body.ops) seen.set(op.id, op.seq);
				after = page.body.next;
				if (!page.body.more && !stillPushing) return;
			}
		})();
		await Promise.all(batches.map((batch, index) => push(phones[index]!, batch)));
		pushing = false;
		await puller;
		const total = batches.length * 25;
		expect(await storedSeqs(database.db, a.id)).toEqual(
			Array.from({ length: total }, (_, i) => i + 1)
		);
		expect(seen.size).toBe(total);
		expect(new Set(seen.values()).size).toBe(total);
	});
});
