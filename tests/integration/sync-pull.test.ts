// GET /api/sync/pull and the journal, on PGlite and PostgreSQL: pages in seq order, a member sees
// only the association-wide ops and their own (unless the association chose full transparency),
// another tenant's id leaks nothing, and the server's journal is the domain's postings in hledger.
import { randomUUID } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServices } from '../../src/lib/server/api/api-context';
import { runHandler } from '../../src/lib/server/http/run-handler';
import type { Caller } from '../../src/lib/server/sync/caller';
import { journalFor } from '../../src/lib/server/sync/journal';
import { pullOps } from '../../src/lib/server/sync/pull';
import { pushOps } from '../../src/lib/server/sync/push';
import { associationJournal, pullSync, pushSync } from '../../src/lib/server/sync/sync-api';
import type { Op } from '../../src/lib/ops/envelope';
import { unpackOps } from '../../src/lib/ops/op-columns';
import { testOrigin, testServices } from './support/api-client';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';
import { seedWorld, type World } from './support/world';
import { newAssociation, payloads, phoneFor } from './sync-fixtures';

await describeOnDatabases('sync pull and journal', (target) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await target.open();
	});
	afterAll(() => database?.destroy());

	async function pushAll(caller: Caller, list: Op[]) {
		const phone = phoneFor(caller);
		const response = await pushOps({ db: database.db, caller, body: phone.batch(list) });
		expect(response.status).toBe(200);
		if (response.status === 200) {
			for (const result of response.body.results) expect(result.status).toBe('created');
		}
	}

	async function visibleIds(caller: Caller, associationId = caller.associationId) {
		const response = await pullOps({
			db: database.db,
			caller,
			associationId,
			after: 0,
			limit: 5000
		});
		if (response.status !== 200) return response;
		return new Set(response.body.ops.map((op) => op.id));
	}

	/** A month of a small association: two socios, prices, deliveries, an advance, voids, costs. */
	async function smallBook() {
		const a = await newAssociation(database.db);
		const other = crypto.randomUUID();
		const own = a.member.memberId!;
		const treasurer = phoneFor(a.treasurer);
		const ops = {
			configured: treasurer.record(
				'association.configured',
				payloads.configured('own'),
				'2025-11-01'
			),
			price: treasurer.record('price.set', payloads.price('2025-11-01'), '2025-11-01'),
			ownDelivery: treasurer.record('delivery.recorded', payloads.delivery(own), '2025-11-02'),
			otherDelivery: treasurer.record('delivery.recorded', payloads.delivery(other), '2025-11-02'),
			ownAdvance: treasurer.record('advance.given', payloads.advance(own), '2025-11-03'),
			otherAdvance: treasurer.record('advance.given', payloads.advance(other), '2025-11-03'),
			expense: treasurer.record('expense.recorded', payloads.expense(), '2025-11-04')
		};
		const voids = {
			ownVoid: treasurer.record(
				'delivery.voided',
				payloads.deliveryVoided(ops.ownDelivery.id),
				'2025-11-05'
			),
			otherVoid: treasurer.record(
				'advance.voided',
				payloads.advanceVoided(ops.otherAdvance.id),
				'2025-11-05'
			),
			closed: treasurer.record('period.closed', payloads.closed('2025-11'), '2025-12-01')
		};
		await pushAll(a.treasurer, [...Object.values(ops), ...Object.values(voids)]);
		return { a, treasurer, ops: { ...ops, ...voids } };
	}

	it('pages in seq order with next and more, and checks its bounds', async () => {
		const { a } = await smallBook();
		const seqs: number[] = [];
		let after = 0;
		for (let page = 0; page < 10; page++) {
			const response = await pullOps({
				db: database.db,
				caller: a.collector,
				associationId: a.id,
				after,
				limit: 4
			});
			if (response.status !== 200) throw new Error('pull failed');
			seqs.push(...response.body.ops.map((op) => op.seq));
			after = response.body.next;
			if (!response.body.more) break;
		}
		expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		for (const [after, limit, error] of [
			[0, 0, 'limit_must_be_1_to_5000'],
			[0, 5001, 'limit_must_be_1_to_5000'],
			['-1', 10, 'after_must_be_a_whole_number'],
			['1e3', 10, 'after_must_be_a_whole_number']
		] as const) {
			const response = await pullOps({
				db: database.db,
				caller: a.admin,
				associationId: a.id,
				after,
				limit
			});
			expect(response).toEqual({ status: 400, body: { error } });
		}
	});

	/** Every page of one part of a new phone's first pull, two ops at a time. */
	async function pullPart(
		caller: Caller,
		part: 'recent' | 'history',
		firstBounds: Record<string, unknown>
	) {
		let bounds = firstBounds;
		const seqs: number[] = [];
		const ids: string[] = [];
		let after = 0;
		let answer: { head?: number; since?: string } = {};
		for (let page = 0; page < 50; page++) {
			const response = await pullOps({
				db: database.db,
				caller,
				associationId: caller.associationId,
				after,
				limit: 2,
				part,
				...bounds,
				now: () => Date.parse('2025-11-20T15:00:00Z')
			});
			if (response.status !== 200) throw new Error(JSON.stringify(response.body));
			seqs.push(...response.body.ops.map((op) => op.seq));
			ids.push(...response.body.ops.map((op) => op.id));
			answer = { head: response.body.head, since: response.body.since };
			// Later pages name what the first answer chose, as a phone does.
			bounds = { head: String(answer.head), since: answer.since };
			after = response.body.next;
			if (!response.body.more) break;
		}
		return { seqs, ids, ...answer };
	}

	it('gives a new phone the running period and the socios first, then the history: together the whole view up to head', async () => {
		const { a, treasurer, ops } = await smallBook();
		const socio = treasurer.record(
			'member.registered',
			payloads.member(a.member.memberId!),
			'2025-10-01'
		);
		await pushAll(a.treasurer, [socio]);
		for (const caller of [a.treasurer, a.member]) {
			const recent = await pullPart(caller, 'recent', {});
			// The association settles by fortnight: on 20 November the running period began on the 16th.
			expect(recent.since).toBe('2025-11-16');
			expect(recent.head).toBe(11);
			const history = await pullPart(caller, 'history', { since: recent.since, head: recent.head });
			expect([history.head, history.since]).toEqual([recent.head, recent.since]);
			const whole = await visibleIds(caller);
			if (whole instanceof Response || !(whole instanceof Set)) throw new Error('pull failed');
			expect(new Set([...recent.ids, ...history.ids])).toEqual(whole);
			expect(recent.ids.length + history.ids.length).toBe(whole.size);
			for (const seqs of [recent.seqs, history.seqs]) {
				expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
			}
			// The book's rules, its socios and what is dated from the 16th come first.
			expect(new Set(recent.ids)).toEqual(
				new Set([ops.configured.id, ops.price.id, ops.closed.id, socio.id])
			);
		}
		// An op pushed after head (November is closed by now) belongs to neither part: the plain pull after head brings it.
		const late = treasurer.record(
			'delivery.recorded',
			payloads.delivery(a.member.memberId!),
			'2025-12-02'
		);
		await pushAll(a.treasurer, [late]);
		const recentAgain = await pullPart(a.treasurer, 'recent', { since: '2025-11-16', head: 11 });
		expect(recentAgain.ids).not.toContain(late.id);
		const after = await pullOps({
			db: database.db,
			caller: a.treasurer,
			associationId: a.id,
			after: 11,
			limit: 10
		});
		expect(after.status === 200 && after.body.ops.map((op) => op.id)).toEqual([late.id]);

		for (const [query, error] of [
			[{ part: 'all' }, 'part_must_be_recent_or_history'],
			[{ part: 'history' }, 'head_must_be_a_whole_number'],
			[{ part: 'recent', after: 3 }, 'head_must_be_a_whole_number'],
			[{ part: 'history', head: '11' }, 'since_must_be_a_date'],
			[{ part: 'recent', head: '11', since: '2025-02-30' }, 'since_must_be_a_date'],
			[{ part: 'recent', head: '-1', since: '2025-11-16' }, 'head_must_be_a_whole_number']
		] as const) {
			const response = await pullOps({
				db: database.db,
				caller: a.admin,
				associationId: a.id,
				after: 0,
				limit: 10,
				...query
			});
			expect(response).toEqual({ status: 400, body: { error } });
		}
	});

	it('refuses a page asked for someone other than the session’s person, and serves their own', async () => {
		const { a } = await smallBook();
		const ask = (userId: string) =>
			pullOps({
				db: database.db,
				caller: a.member,
				associationId: a.id,
				after: 0,
				limit: 10,
				userId
			});
		expect(await ask(a.treasurer.userId)).toEqual({
			status: 409,
			body: { error: 'user_must_be_caller' }
		});
		expect((await ask(a.member.userId)).status).toBe(200);
	});

	it('a member sees association-wide ops and their own, never another socio’s', async () => {
		const { a, ops } = await smallBook();
		const seen = await visibleIds(a.member);
		expect(seen).toEqual(
			new Set([
				ops.configured.id,
				ops.price.id,
				ops.ownDelivery.id,
				ops.ownAdvance.id,
				ops.ownVoid.id,
				ops.closed.id
			])
		);
		// A member's login without a socio sees only what concerns everyone.
		const noSocio = { ...a.member, memberId: undefined };
		expect(await visibleIds(noSocio)).toEqual(
			new Set([ops.configured.id, ops.price.id, ops.closed.id])
		);
		// Staff see everything.
		expect((await visibleIds(a.collector)) as Set<string>).toHaveProperty('size', 10);
	});

	it('with full transparency, chosen last by HLC, a member sees everything', async () => {
		const { a, treasurer } = await smallBook();
		// The answer names the view it pages from: a phone keeps one cursor per view.
		const viewOf = async (caller: Caller) => {
			const response = await pullOps({
				db: database.db,
				caller,
				associationId: a.id,
				after: 0,
				limit: 1
			});
			return response.status === 200 ? response.body.view : response;
		};
		expect(await viewOf(a.member)).toBe(`member:${a.member.memberId}`);
		expect(await viewOf(a.collector)).toBe('all');
		await pushAll(a.treasurer, [
			treasurer.record('association.configured', payloads.configured('full'), '2025-12-02')
		]);
		expect((await visibleIds(a.member)) as Set<string>).toHaveProperty('size', 11);
		expect(await viewOf(a.member)).toBe('all');
		await pushAll(a.treasurer, [
			treasurer.record('association.configured', payloads.configured('own'), '2025-12-03')
		]);
		expect((await visibleIds(a.member)) as Set<string>).toHaveProperty('size', 8);
		expect(await viewOf(a.member)).toBe(`member:${a.member.memberId}`);
	});

	it('another association’s id answers 403 from the service and leaks nothing', async () => {
		const { a } = await smallBook();
		const b = await newAssociation(database.db);
		expect(await visibleIds(b.admin, a.id)).toEqual({
			status: 403,
			body: { error: 'association_must_match_caller' }
		});
		expect(
			await journalFor({
				db: database.db,
				caller: b.admin,
				associationId: a.id,
				period: '2025-11',
				format: 'hledger'
			})
		).toEqual({
			status: 403,
			body: { error: 'association_must_match_caller' }
		});
	});

	it('the journal: hledger text of the month’s postings, for treasurer and admin only', async () => {
		const { a, ops } = await smallBook();
		const journal = await journalFor({
			db: database.db,
			caller: a.treasurer,
			associationId: a.id,
			period: '2025-11',
			format: 'hledger'
		});
		expect(journal.status).toBe(200);
		if (journal.status !== 200) return;
		expect(journal.body.unreadableOps).toBe(0);
		expect(journal.body.text).toContain(`op:${ops.ownAdvance.id}`);
		expect(journal.body.text).toContain(`op:${ops.expense.id}`);
		expect(journal.body.text).toContain('50.00 PEN');
		const empty = await journalFor({
			db: database.db,
			caller: a.admin,
			associationId: a.id,
			period: '2025-10',
			format: 'hledger'
		});
		expect(empty.status === 200 && empty.body.text).not.toContain('op:');
		for (const [caller, period, format, error] of [
			[a.member, '2025-11', 'hledger', 'role_must_allow_journal'],
			[a.collector, '2025-11', 'hledger', 'role_must_allow_journal'],
			[a.treasurer, '2025-13', 'hledger', 'period_must_be_yyyy_mm'],
			[a.treasurer, '2025-11', 'csv', 'format_must_be_hledger']
		] as const) {
			const refused = await journalFor({
				db: database.db,
				caller,
				associationId: a.id,
				period,
				format
			});
			expect(refused.body).toEqual({ error });
		}
	});

	describe('the HTTP endpoints', () => {
		let services: ApiServices;
		let world: World;
		beforeAll(async () => {
			services = testServices(database);
			world = await seedWorld(services);
		});
		const call = (
			handler: typeof pushSync,
			method: string,
			path: string,
			token: string,
			json?: unknown,
			extraHeaders: Record<string, string> = {}
		) => {
			const url = new URL(path, testOrigin);
			const headers = new Headers({
				authorization: `Bearer ${token}`,
				origin: testOrigin,
				...extraHeaders
			});
			let body: string | undefined;
			if (json !== undefined) {
				body = JSON.stringify(json);
				headers.set('content-type', 'application/json');
			}
			const params: Record<string, string> = {};
			const match = /\/api\/associations\/([^/]+)\/journal/.exec(url.pathname);
			if (match) params.associationId = match[1]!;
			return runHandler(handler, services, {
				request: new Request(url, { method, headers, body }),
				url,
				params,
				clientAddress: '203.0.113.9'
			});
		};

		it('the endpoints: push and pull with a session, 404 for another tenant, 401 without one', async () => {
			const { a, b } = world;
			const caller: Caller = { userId: a.treasurer.userId, associationId: a.id, role: 'treasurer' };
			const phone = phoneFor(caller);
			const op = phone.record('expense.recorded', payloads.expense(), '2025-11-04');
			const pushed = await call(
				pushSync,
				'POST',
				'/api/sync/push',
				a.treasurer.token,
				phone.batch([op])
			);
			expect(pushed.status).toBe(200);
			expect(await pushed.json()).toEqual({ results: [{ id: op.id, status: 'created', seq: 1 }] });

			const pulled = await call(
				pullSync,
				'GET',
				`/api/sync/pull?associationId=${a.id}&after=0`,
				a.collector.token
			);
			expect((await pulled.json()).ops.map((o: Op) => o.id)).toEqual([op.id]);
			// B's admin asking for A's log, or pushing into it, learns nothing about A.
			const probe = await call(
				pullSync,
				'GET',
				`/api/sync/pull?associationId=${a.id}`,
				b.admin.token
			);
			expect([probe.status, await probe.json()]).toEqual([404, { error: 'association_not_found' }]);
			const intrude = await call(
				pushSync,
				'POST',
				'/api/sync/push',
				b.admin.token,
				phone.batch([op])
			);
			expect(intrude.status).toBe(404);
			const anonymous = await call(
				pullSync,
				'GET',
				`/api/sync/pull?associationId=${a.id}`,
				'not-a-token'
			);
			expect(anonymous.status).toBe(401);

			const journal = await call(
				associationJournal,
				'GET',
				`/api/associations/${a.id}/journal?period=2025-11&format=hledger`,
				a.admin.token
			);
			expect(journal.status).toBe(200);
			expect(journal.headers.get('content-type')).toContain('text/plain');
			expect(await journal.text()).toContain(`op:${op.id}`);
			const asMember = await call(
				associationJournal,
				'GET',
				`/api/associations/${a.id}/journal?period=2025-11`,
				a.member.token
			);
			expect(asMember.status).toBe(403);
		});
		it('compresses a pull page for a phone that accepts it: brotli under 30 bytes an op', async () => {
			const { a } = world;
			const caller: Caller = { userId: a.treasurer.userId, associationId: a.id, role: 'treasurer' };
			const phone = phoneFor(caller);
			const members = Array.from({ length: 100 }, () => randomUUID());
			// Ten days of two shifts for 100 socios, liters and fat as a real sheet varies them.
			let n = 0;
			const sheet = Array.from({ length: 20 }, (_, shiftIndex) =>
				members.map((memberId) => {
					n += 1;
					const liters = (4 + ((n * 37) % 211) / 10).toFixed(1);
					const day = String(1 + Math.floor(shiftIndex / 2)).padStart(2, '0');
					return phone.record(
						'delivery.recorded',
						{ memberId, shift: shiftIndex % 2 ? 'pm' : 'am', liters },
						`2025-11-${day}`
					);
				})
			).flat();
			for (let start = 0; start < sheet.length; start += 1000) {
				const pushed = await call(
					pushSync,
					'POST',
					'/api/sync/push',
					a.treasurer.token,
					phone.batch(sheet.slice(start, start + 1000))
				);
				expect(pushed.status).toBe(200);
			}
			const path = `/api/sync/pull?associationId=${a.id}&after=0&limit=5000`;
			const plain = await call(pullSync, 'GET', path, a.treasurer.token);
			const plainBody = await plain.text();
			expect(plain.headers.get('content-encoding')).toBeNull();
			for (const encoding of ['br', 'gzip'] as const) {
				const response = await call(pullSync, 'GET', path, a.treasurer.token, undefined, {
					'accept-encoding': encoding === 'br' ? 'gzip, deflate, br' : 'gzip'
				});
				expect(response.headers.get('content-encoding')).toBe(encoding);
				const bytes = Buffer.from(await response.arrayBuffer());
				const text = (
					encoding === 'br' ? brotliDecompressSync(bytes) : gunzipSync(bytes)
				).toString();
				expect(text).toBe(plainBody);
				const pulled = JSON.parse(text) as { ops: Op[] };
				const perOp = bytes.length / pulled.ops.length;
				console.log(
					`pull page of ${pulled.ops.length} ops: ${encoding} ${perOp.toFixed(1)} bytes/op`
				);
				if (encoding === 'br') expect(perOp).toBeLessThanOrEqual(30);
			}

			// Packed by columns: the same ops, fewer bytes, with either encoding.
			const plainOps = (JSON.parse(plainBody) as { ops: Op[] }).ops;
			for (const encoding of ['br', 'gzip'] as const) {
				const response = await call(
					pullSync,
					'GET',
					`${path}&format=columns`,
					a.treasurer.token,
					undefined,
					{
						'accept-encoding': encoding === 'br' ? 'gzip, deflate, br' : 'gzip'
					}
				);
				const bytes = Buffer.from(await response.arrayBuffer());
				const text = (
					encoding === 'br' ? brotliDecompressSync(bytes) : gunzipSync(bytes)
				).toString();
				const { pack, ...page } = JSON.parse(text) as { pack: unknown };
				expect(page).toEqual({ next: plainOps.at(-1)!.seq, more: false, view: 'all' });
				expect(unpackOps(pack)).toStrictEqual(plainOps);
				const perOp = bytes.length / plainOps.length;
				console.log(`the same page packed by columns: ${encoding} ${perOp.toFixed(1)} bytes/op`);
				expect(perOp).toBeLessThanOrEqual(20);
			}
			const unknown = await call(pullSync, 'GET', `${path}&format=xml`, a.treasurer.token);
			expect([unknown.status, await unknown.json()]).toEqual([
				400,
				{ error: 'format_must_be_columns' }
			]);
		});
	});
});
