import { describe, expect, it } from 'vitest';
import { limaTimeMs } from '../../../tests/fixtures/ops-generator';
import {
	allDeliveries,
	countLog,
	snapshotProjections
} from '../../../tests/fixtures/projection-snapshot';
import {
	FakeSyncServer,
	faultyTransport,
	type Faults
} from '../../../tests/fixtures/fake-sync-server';
import {
	deliveryDraft,
	memberDraft,
	newPhone,
	recordAll,
	startBook
} from '../../../tests/fixtures/sync-phones';
import { rerecordRejectedOp } from '$lib/store/rejected-ops';
import { rejectedOpsToResolve } from '$lib/store/sync-counts';
import { writeMeta } from '$lib/store/meta';
import { historyArriving, setRecordingActor } from '$lib/store/sync-meta';
import { pendingByActor } from '$lib/store/sync-counts';
import type { AyniDatabase } from '$lib/store/schema';
import { syncOnce, type SyncAccount } from './sync-engine';
import type { SyncTransport } from './sync-transport';

const now = () => limaTimeMs('2025-03-20', 10);
const rosa = '0190a000-0000-7000-8000-00000000r0sa'.replace('r0sa', '0a01');
const pedro = '0190a000-0000-7000-8000-000000000b02';
const memberA = '11111111-1111-4111-8111-111111111111';
const memberB = '22222222-2222-4222-8222-222222222222';

async function treasurerPhone() {
	const db = await newPhone('treasurer');
	const associationId = await startBook(db, { userId: rosa, date: '2025-03-01', now });
	const server = new FakeSyncServer({ associationId, now });
	const account: SyncAccount = { userId: rosa, associationId, role: 'admin' };
	return { db, server, account, associationId };
}

/** Rosa's book on the server: socio A and `deliveries` of theirs over 20 days of March. */
async function bookOnServer(deliveries: number) {
	const phone = await treasurerPhone();
	const drafts = [memberDraft(memberA, 'A1', '2025-03-01')];
	for (let index = 0; index < deliveries; index += 1) {
		drafts.push(
			deliveryDraft(memberA, `2025-03-${String(2 + (index % 20)).padStart(2, '0')}`, '3.00')
		);
	}
	await recordAll(phone.db, drafts, now);
	await rosaPushes(phone);
	return phone;
}

/** Rosa's phone runs a round: what she recorded reaches the server. */
function rosaPushes({
	db,
	server,
	account
}: {
	db: AyniDatabase;
	server: FakeSyncServer;
	account: SyncAccount;
}) {
	return syncOnce({
		account,
		db,
		now,
		transport: server.transportFor({ userId: rosa, role: 'admin' })
	});
}

describe('one sync round', () => {
	it('pushes pending ops in batches of at most 1000 and marks them synced with their seq', async () => {
		const { db, server, account } = await treasurerPhone();
		const drafts = [memberDraft(memberA, 'A1', '2025-03-01')];
		for (let day = 0; day < 1200; day += 1)
			drafts.push(deliveryDraft(memberA, '2025-03-02', '10.50'));
		await recordAll(db, drafts, now);
		const sizes: number[] = [];
		const transport = server.transportFor({ userId: rosa, role: 'admin' });
		const outcome = await syncOnce({
			account,
			db,
			now,
			transport: {
				push: (request) => {
					sizes.push(request.ops.length);
					return transport.push(request);
				},
				pull: transport.pull
			}
		});
		expect(outcome).toMatchObject({ ok: true, pushed: 1202, rejected: 0 });
		expect(sizes).toEqual([1000, 202]);
		expect(server.ops).toHaveLength(1202);
		expect(await db.ops.where('status').equals('pending').count()).toBe(0);
		expect((await db.ops.toArray()).every((op) => op.seq !== undefined)).toBe(true);
	});

	it('keeps ops pending when the answer is lost, and the retry gets "exists" without duplicates', async () => {
		const { db, server, account } = await treasurerPhone();
		await recordAll(db, [memberDraft(memberA, 'A1', '2025-03-01')], now);
		let faults: Faults = { loseAnswer: true };
		const transport = faultyTransport(
			server.transportFor({ userId: rosa, role: 'admin' }),
			() => faults
		);
		const lost = await syncOnce({ account, db, now, transport });
		expect(lost).toMatchObject({ ok: false, reason: 'offline' });
		expect((await pendingByActor({ actorId: rosa, db })).mine).toBe(2);
		faults = { duplicate: true, reorder: true };
		expect(await syncOnce({ account, db, now, transport })).toMatchObject({ ok: true, pushed: 2 });
		expect(server.ops).toHaveLength(2);
		expect((await pendingByActor({ actorId: rosa, db })).mine).toBe(0);
	});

	it('marks refused ops rejected with their rule, out of the totals, and re-records them in one step', async () => {
		const { db, server, account, associationId } = await treasurerPhone();
		await recordAll(db, [memberDraft(memberA, 'A1', '2025-02-01')], now);
		await rosaPushes({ db, server, account });
		// Another phone closes February on the server while this one records a February delivery.
		server.push(
			{ userId: rosa, role: 'admin' },
			{
				associationId,
				deviceId: 'other-device-0001',
				ops: [
					{
						id: '0190a000-0000-7000-8000-0000000000c1',
						associationId,
						scope: 'association',
						type: 'period.closed',
						v: 1,
						date: '2025-03-01',
						hlc: `${String(now() - 1000).padStart(13, '0')}:000000:other-device-0001`,
						deviceId: 'other-device-0001',
						actorId: rosa,
						payload: { period: '2025-02', trialBalanceDigest: 'a'.repeat(64), checklist: [] }
					}
				]
			}
		);
		await recordAll(db, [deliveryDraft(memberA, '2025-02-27', '12.00')], now);
		expect(await db.deliveries.count()).toBe(1);
		const outcome = await syncOnce({
			account,
			db,
			now,
			transport: server.transportFor({ userId: rosa, role: 'admin' })
		});
		expect(outcome).toMatchObject({ ok: true, rejected: 1 });
		const [refused] = await rejectedOpsToResolve({ db });
		expect(refused).toMatchObject({
			type: 'delivery.recorded',
			rejectReason: 'period_must_be_open'
		});
		expect(await db.deliveries.count()).toBe(0);

		const again = await rerecordRejectedOp({ id: refused?.id ?? '', db, now });
		expect(again).toMatchObject({ ok: true, op: { date: '2025-03-20', status: 'pending' } });
		expect(await rejectedOpsToResolve({ db })).toHaveLength(0);
		await rosaPushes({ db, server, account });
		expect(server.ops.filter((op) => op.type === 'delivery.recorded').map((op) => op.date)).toEqual(
			['2025-03-20']
		);
	});

	it('surfaces a reused id with another body as a refusal, never as synced', async () => {
		const { db, server, account } = await treasurerPhone();
		await recordAll(db, [memberDraft(memberA, 'A1', '2025-03-01')], now);
		const [first] = await db.ops.toArray();
		const transport = server.transportFor({ userId: rosa, role: 'admin' });
		await transport.push({
			associationId: account.associationId,
			deviceId: 'x',
			ops: [
				{
					...first,
					status: undefined,
					payload: { ...associationPayloadOf(first), name: 'Otro nombre' }
				}
			]
		});
		const outcome = await syncOnce({ account, db, now, transport });
		expect(outcome).toMatchObject({ ok: true, rejected: 1 });
		expect(await db.ops.get(first?.id ?? '')).toMatchObject({
			status: 'rejected',
			rejectReason: 'exists_with_different_body'
		});
	});

	it('a new phone pulls everything, in short pages, and shows the same figures', async () => {
		const { db, server, account } = await treasurerPhone();
		const drafts = [
			memberDraft(memberA, 'A1', '2025-03-01'),
			memberDraft(memberB, 'B2', '2025-03-01')
		];
		for (let index = 0; index < 30; index += 1) {
			drafts.push(deliveryDraft(index % 2 ? memberA : memberB, '2025-03-05', '8.25'));
		}
		await recordAll(db, drafts, now);
		await rosaPushes({ db, server, account });

		const phone = await newPhone('new');
		const fractions: number[] = [];
		const transport = faultyTransport(
			server.transportFor({ userId: pedro, role: 'treasurer' }),
			() => ({
				pageLimit: 7
			})
		);
		const outcome = await syncOnce({
			account: { ...account, userId: pedro, role: 'treasurer' },
			db: phone,
			now,
			transport,
			onProgress: (progress) => progress.fraction !== undefined && fractions.push(progress.fraction)
		});
		expect(outcome).toMatchObject({ ok: true, pulled: 33 });
		expect(fractions.at(-1)).toBe(1);
		expect((await allDeliveries(phone)).length).toBe(await db.deliveries.count());
		expect(await countLog(phone)).toBe(33);
		expect(await phone.ops.where('status').notEqual('synced').count()).toBe(0);
	});

	it('a member pulls only their own deliveries and pushes nothing', async () => {
		const { db, server, account } = await treasurerPhone();
		await recordAll(
			db,
			[
				memberDraft(memberA, 'A1', '2025-03-01'),
				memberDraft(memberB, 'B2', '2025-03-01'),
				deliveryDraft(memberA, '2025-03-05', '5.00'),
				deliveryDraft(memberB, '2025-03-05', '6.00')
			],
			now
		);
		await rosaPushes({ db, server, account });
		const phone = await newPhone('member');
		const outcome = await syncOnce({
			account: { ...account, userId: pedro, role: 'member' },
			db: phone,
			now,
			transport: server.transportFor({ userId: pedro, role: 'member', memberId: memberA })
		});
		expect(outcome).toMatchObject({ ok: true, pushed: 0 });
		const deliveries = await allDeliveries(phone);
		expect(deliveries.map((row) => row.memberId)).toEqual([memberA]);
	});

	it("on a shared phone never pushes one person's ops under another's name", async () => {
		const { db, server, account } = await treasurerPhone();
		await recordAll(db, [memberDraft(memberA, 'A1', '2025-03-01')], now);
		// Rosa is logged in but has no connection; then she logs out and Pedro logs in.
		const offline = faultyTransport(server.transportFor({ userId: rosa, role: 'admin' }), () => ({
			offline: true
		}));
		await syncOnce({ account, db, now, transport: offline });
		await setRecordingActor({ userId: undefined, db });
		await recordAll(db, [deliveryDraft(memberA, '2025-03-06', '4.00')], now);
		const pedroAccount: SyncAccount = { ...account, userId: pedro, role: 'treasurer' };
		const outcome = await syncOnce({
			account: pedroAccount,
			db,
			now,
			transport: server.transportFor({ userId: pedro, role: 'treasurer' })
		});
		expect(outcome).toMatchObject({ ok: true, pushed: 0, claimed: 0 });
		expect(server.ops).toHaveLength(0);
		expect(await pendingByActor({ actorId: pedro, db })).toMatchObject({
			mine: 0,
			unowned: 1,
			others: 2
		});
		// Rosa, the phone's first account, comes back: her ops go. The one recorded while nobody was
		// logged in could be anyone's, so it waits for someone to put it under their name.
		const back = await syncOnce({
			account,
			db,
			now,
			transport: server.transportFor({ userId: rosa, role: 'admin' })
		});
		expect(back).toMatchObject({ ok: true, pushed: 2, claimed: 0 });
		expect(server.ops.every((op) => op.actorId === rosa)).toBe(true);
		expect(await pendingByActor({ actorId: rosa, db })).toMatchObject({ mine: 0, unowned: 1 });
	});

	it('a session taken over by another person in another tab leaves the ops pending', async () => {
		const { db, server, account } = await treasurerPhone();
		await recordAll(db, [memberDraft(memberA, 'A1', '2025-03-01')], now);
		const before = await pendingByActor({ actorId: rosa, db });
		// This tab still believes Rosa is logged in; the cookie is Pedro's now.
		const outcome = await syncOnce({
			account,
			db,
			now,
			transport: server.transportFor({ userId: pedro, role: 'treasurer' })
		});
		expect(outcome).toMatchObject({ ok: false, reason: 'session_required', rejected: 0 });
		expect(server.ops).toHaveLength(0);
		expect(await pendingByActor({ actorId: rosa, db })).toEqual(before);
		expect(await db.ops.where('status').equals('rejected').count()).toBe(0);
	});

	// Also when the phone still believes Pedro is a treasurer (his role changed since his session
	// was saved): the server says which view it served, and that view's cursor is the one moved.
	it.each(['member', 'treasurer'] as const)(
		"a socio's pull on the treasurer's phone leaves her cursor where it was (phone believes %s)",
		async (believed) => {
			const { db, server, account, associationId } = await treasurerPhone();
			await recordAll(
				db,
				[memberDraft(memberA, 'A1', '2025-03-01'), memberDraft(memberB, 'B2', '2025-03-01')],
				now
			);
			const rosaTransport = server.transportFor({ userId: rosa, role: 'admin' });
			await syncOnce({ account, db, now, transport: rosaTransport });
			// Juana records on her own phone: socio B's delivery, then socio A's.
			const juana = '0190a000-0000-7000-8000-000000000c03';
			const juanaPhone = await newPhone('juana');
			const juanaAccount: SyncAccount = { userId: juana, associationId, role: 'treasurer' };
			const juanaTransport = server.transportFor({ userId: juana, role: 'treasurer' });
			await syncOnce({ account: juanaAccount, db: juanaPhone, now, transport: juanaTransport });
			await recordAll(
				juanaPhone,
				[
					deliveryDraft(memberB, '2025-03-05', '6.00'),
					deliveryDraft(memberA, '2025-03-05', '5.00')
				],
				now
			);
			await syncOnce({ account: juanaAccount, db: juanaPhone, now, transport: juanaTransport });
			// Pedro, socio A, logs in on Rosa's phone: his page skips socio B's delivery and ends after
			// his own, past it.
			const pedroOutcome = await syncOnce({
				account: { userId: pedro, associationId, role: believed },
				db,
				now,
				transport: server.transportFor({ userId: pedro, role: 'member', memberId: memberA })
			});
			expect(pedroOutcome).toMatchObject({ ok: true, pulled: 1 });
			// Rosa back: she still gets socio B's delivery.
			expect(await syncOnce({ account, db, now, transport: rosaTransport })).toMatchObject({
				ok: true,
				pulled: 1
			});
			expect((await db.deliveries.toArray()).map((row) => row.memberId).sort()).toEqual([
				memberA,
				memberB
			]);
		}
	);

	it('pulls again from the start on a phone whose cursor predates views', async () => {
		const { db, server, account, associationId } = await treasurerPhone();
		await recordAll(db, [memberDraft(memberA, 'A1', '2025-03-01')], now);
		const rosaTransport = server.transportFor({ userId: rosa, role: 'admin' });
		await syncOnce({ account, db, now, transport: rosaTransport });
		// A cursor a socio may have moved, written before cursors had views: not trusted.
		const phone = await newPhone('legacy');
		await writeMeta(phone, 'pullCursor', { associationId, after: server.ops.length });
		const outcome = await syncOnce({ account, db: phone, now, transport: rosaTransport });
		expect(outcome).toMatchObject({ ok: true, pulled: server.ops.length });
	});

	it('stops before pushing or storing a page once the round is no longer for the person logged in', async () => {
		const { db, server, account } = await treasurerPhone();
		await recordAll(db, [memberDraft(memberA, 'A1', '2025-03-01')], now);
		const rosaTransport = server.transportFor({ userId: rosa, role: 'admin' });
		const loggedOut = await syncOnce({
			account,
			db,
			now,
			transport: rosaTransport,
			isCurrent: () => false
		});
		expect(loggedOut).toMatchObject({ ok: false, reason: 'session_required', pushed: 0 });
		expect(server.ops).toHaveLength(0);
		await syncOnce({ account, db, now, transport: rosaTransport });
		// The cookie became a socio's in another tab: the server refuses pages asked for Rosa.
		await recordAll(db, [deliveryDraft(memberA, '2025-03-05', '5.00')], now);
		await syncOnce({ account, db, now, transport: rosaTransport });
		const fresh = await newPhone('fresh');
		const taken = await syncOnce({
			account,
			db: fresh,
			now,
			transport: server.transportFor({ userId: pedro, role: 'member', memberId: memberA })
		});
		expect(taken).toMatchObject({ ok: false, reason: 'session_required', pulled: 0 });
		expect(await fresh.ops.count()).toBe(0);
	});

	it('a log-out while a page travels stores the page but leaves the cursor; a later round resumes', async () => {
		const { db, server, account } = await treasurerPhone();
		const drafts = [memberDraft(memberA, 'A1', '2025-03-01')];
		for (let day = 0; day < 1200; day += 1)
			drafts.push(deliveryDraft(memberA, '2025-03-02', '10.50'));
		await recordAll(db, drafts, now);
		const inner = server.transportFor({ userId: rosa, role: 'admin' });
		let loggedIn = true;
		const transport = {
			push: async (request: Parameters<typeof inner.push>[0]) => {
				const answer = await inner.push(request);
				loggedIn = false; // Rosa logs out while the first batch is answered.
				return answer;
			},
			pull: async (request: Parameters<typeof inner.pull>[0]) => {
				const answer = await inner.pull(request);
				loggedIn = false;
				return answer;
			}
		};
		const cut = await syncOnce({ account, db, now, transport, isCurrent: () => loggedIn });
		expect(cut).toMatchObject({ ok: false, reason: 'session_required', pushed: 1000 });
		expect(server.ops).toHaveLength(1000);
		// Another phone pulls: its page is stored, its cursor stays at the start.
		const phone = await newPhone('late');
		loggedIn = true;
		const late = await syncOnce({ account, db: phone, now, transport, isCurrent: () => loggedIn });
		expect(late).toMatchObject({ ok: false, reason: 'session_required' });
		expect(late.pulled).toBeGreaterThan(0);
		// The resumed round asks for that page again, skips what it holds and takes the rest.
		const resumed = await syncOnce({ account, db: phone, now, transport: inner });
		expect(resumed).toMatchObject({ ok: true, pulled: 1000 - late.pulled });
		expect(await phone.ops.count()).toBe(1000);
	});

	it('asks for the next page once the headers say where it starts, two pages under way at most', async () => {
		const { db, server, account } = await bookOnServer(60);

		const phone = await newPhone('new');
		const inner = faultyTransport(
			server.transportFor({ userId: pedro, role: 'treasurer' }),
			() => ({
				pageLimit: 4,
				offline: asked > 12
			})
		);
		let asked = 0;
		let waiting = 0;
		let mostWaiting = 0;
		const transport: SyncTransport = {
			push: inner.push,
			pull: async (request, options) => {
				asked += 1;
				waiting += 1;
				mostWaiting = Math.max(mostWaiting, waiting);
				// The body takes a while after the headers, as on a slow link.
				const answer = await inner.pull(request, options);
				await new Promise((resolve) => setTimeout(resolve, 5));
				waiting -= 1;
				return answer;
			}
		};
		const pedroAccount: SyncAccount = { ...account, userId: pedro, role: 'treasurer' };
		const cut = await syncOnce({ account: pedroAccount, db: phone, now, transport });
		expect(cut).toMatchObject({ ok: false, reason: 'offline' });
		expect(mostWaiting).toBe(2);
		// The round ended: pages asked for ahead of it ask for no more.
		const askedWhenCut = asked;
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(asked).toBe(askedWhenCut);

		asked = -1000;
		expect(await syncOnce({ account: pedroAccount, db: phone, now, transport })).toMatchObject({
			ok: true
		});
		expect(await countLog(phone)).toBe(server.ops.length);
		expect(await snapshotProjections(phone)).toEqual(await snapshotProjections(db));
	});

	it('keeps the wire busy: a page that has arrived makes room for the next while an earlier one still travels', async () => {
		const { db, server, account } = await bookOnServer(40);

		const phone = await newPhone('busy');
		const inner = faultyTransport(
			server.transportFor({ userId: pedro, role: 'treasurer' }),
			() => ({ pageLimit: 4 })
		);
		// The history is several pages of 4 ops. Its first page is slow to arrive (held 300 ms);
		// the second arrives meanwhile and its room goes to the third, but no further: three
		// pages wait to be stored while the first travels.
		let historyAsked = 0;
		let traveling = 0;
		let mostTraveling = 0;
		let holding = false;
		let lastAskedWhileHeld = 0;
		const transport: SyncTransport = {
			push: inner.push,
			pull: async (request, options) => {
				const index = request.part === 'history' ? ++historyAsked : 0;
				if (holding) lastAskedWhileHeld = index;
				traveling += 1;
				mostTraveling = Math.max(mostTraveling, traveling);
				const answer = await inner.pull(request, options);
				if (index === 1) {
					holding = true;
					await new Promise((resolve) => setTimeout(resolve, 300));
					holding = false;
				}
				traveling -= 1;
				return answer;
			}
		};
		const pedroAccount: SyncAccount = { ...account, userId: pedro, role: 'treasurer' };
		expect(await syncOnce({ account: pedroAccount, db: phone, now, transport })).toMatchObject({
			ok: true
		});
		expect(lastAskedWhileHeld).toBe(3);
		expect(historyAsked).toBeGreaterThan(4);
		expect(mostTraveling).toBe(2);
		expect(await countLog(phone)).toBe(server.ops.length);
		expect(await snapshotProjections(phone)).toEqual(await snapshotProjections(db));
	});

	it('gives a new phone the running fortnight and the socios first, then the history; a cut history resumes', async () => {
		const { db, server, account } = await treasurerPhone();
		const drafts = [
			memberDraft(memberA, 'A1', '2025-03-01'),
			memberDraft(memberB, 'B1', '2025-03-01')
		];
		for (let day = 2; day <= 20; day += 1) {
			const date = `2025-03-${String(day).padStart(2, '0')}`;
			for (let row = 0; row < 60; row += 1) {
				drafts.push(deliveryDraft(row % 2 ? memberA : memberB, date, '10.50'));
			}
		}
		await recordAll(db, drafts, now);
		await rosaPushes({ db, server, account });
		const head = server.ops.length;

		// Pedro's new phone, pages of 200: the fortnight's 5 days and the book come in 2 pages, the
		// new ops after head in 1, then the history; the link drops after its first page.
		const phone = await newPhone('new');
		const pedroAccount: SyncAccount = { ...account, userId: pedro, role: 'treasurer' };
		let pulls = 0;
		const transport = faultyTransport(
			server.transportFor({ userId: pedro, role: 'treasurer' }),
			() => {
				pulls += 1;
				return { pageLimit: 200, offline: pulls > 4 };
			}
		);
		const phases: string[] = [];
		const cut = await syncOnce({
			account: pedroAccount,
			db: phone,
			now,
			transport,
			onProgress: (progress) => phases.push(progress.phase)
		});
		expect(cut).toMatchObject({ ok: false, reason: 'offline' });
		// The book is usable once the recent part's last page is stored.
		expect(phases).toEqual(['pull', 'history', 'history', 'history']);
		expect(await historyArriving({ userId: pedro, db: phone })).toEqual({
			since: '2025-03-16',
			recentDone: true
		});
		// The running fortnight is whole: every delivery from the 16th, and both socios. The days
		// before today are packed; today's sheet reads rows only.
		const recent = (await allDeliveries(phone)).filter((row) => row.date >= '2025-03-16');
		expect(recent).toHaveLength(300);
		expect(await phone.deliveries.count()).toBe(60);
		expect(
			await phone.deliveries.where('[date+shift]').aboveOrEqual(['2025-03-20', '']).count()
		).toBe(60);
		expect(await phone.members.count()).toBe(2);
		expect((await allDeliveries(phone)).length).toBeLessThan(19 * 60);

		// Rosa records one more while Pedro is cut off; his next round takes it and the rest.
		await recordAll(db, [deliveryDraft(memberA, '2025-03-20', '9.00')], now);
		await rosaPushes({ db, server, account });
		pulls = -100;
		const resumed = await syncOnce({ account: pedroAccount, db: phone, now, transport });
		expect(resumed).toMatchObject({ ok: true });
		expect(await countLog(phone)).toBe(head + 1);
		expect((await allDeliveries(phone)).length).toBe(19 * 60 + 1);
		// The history's deliveries are stored packed, and read as the rows Rosa's phone holds.
		expect(await phone.deliveryPacks.count()).toBeGreaterThan(0);
		expect(await snapshotProjections(phone)).toEqual(await snapshotProjections(db));
		expect(await historyArriving({ userId: pedro, db: phone })).toBeUndefined();
		expect(await phone.meta.where('key').startsWith('backfill:').count()).toBe(0);
		// Later rounds pull only what is new.
		expect(await syncOnce({ account: pedroAccount, db: phone, now, transport })).toMatchObject({
			ok: true,
			pulled: 0
		});
	});

	it('keeps the head and since of its first page for the whole recent part, even when a period starts meanwhile', async () => {
		let today = '2025-03-15';
		const clock = () => limaTimeMs(today, 10);
		const db = await newPhone('treasurer');
		const associationId = await startBook(db, { userId: rosa, date: '2025-03-01', now: clock });
		const server = new FakeSyncServer({ associationId, now: clock });
		const account: SyncAccount = { userId: rosa, associationId, role: 'admin' };
		const drafts = [memberDraft(memberA, 'A1', '2025-03-01')];
		for (let day = 1; day <= 15; day += 1) {
			const date = `2025-03-${String(day).padStart(2, '0')}`;
			for (let row = 0; row < 40; row += 1) drafts.push(deliveryDraft(memberA, date, '8.00'));
		}
		await recordAll(db, drafts, clock);
		await syncOnce({
			account,
			db,
			now: clock,
			transport: server.transportFor({ userId: rosa, role: 'admin' })
		});
		// The first page is answered on the 15th; midnight comes before the second: the server would
		// now choose the 16th, and the ops of the 1st to the 15th after page one would be in no part.
		const inner = faultyTransport(
			server.transportFor({ userId: pedro, role: 'treasurer' }),
			() => ({
				pageLimit: 200
			})
		);
		const transport: SyncTransport = {
			push: inner.push,
			pull: async (request) => {
				const answer = await inner.pull(request);
				today = '2025-03-16';
				return answer;
			}
		};
		const phone = await newPhone('new');
		const pedroAccount: SyncAccount = { ...account, userId: pedro, role: 'treasurer' };
		expect(
			await syncOnce({ account: pedroAccount, db: phone, now: clock, transport })
		).toMatchObject({ ok: true });
		expect(await countLog(phone)).toBe(server.ops.length);
		expect((await allDeliveries(phone)).length).toBe(15 * 40);
	});

	it('pulls the whole log at once from a server that does not know the two parts', async () => {
		const { db, server, account } = await treasurerPhone();
		await recordAll(
			db,
			[memberDraft(memberA, 'A1', '2025-03-01'), deliveryDraft(memberA, '2025-03-02', '5.00')],
			now
		);
		await rosaPushes({ db, server, account });
		const inner = server.transportFor({ userId: pedro, role: 'treasurer' });
		const older: SyncTransport = {
			push: inner.push,
			pull: ({ part: _part, since: _since, head: _head, ...request }) => inner.pull(request)
		};
		const phone = await newPhone('new');
		const pedroAccount: SyncAccount = { ...account, userId: pedro, role: 'treasurer' };
		expect(
			await syncOnce({ account: pedroAccount, db: phone, now, transport: older })
		).toMatchObject({
			ok: true,
			pulled: server.ops.length
		});
		expect(await phone.meta.where('key').startsWith('backfill:').count()).toBe(0);
		expect(
			await syncOnce({ account: pedroAccount, db: phone, now, transport: older })
		).toMatchObject({
			ok: true,
			pulled: 0
		});
	});

	it('keeps the pull cursor before ops this phone refuses, and takes them once it can', async () => {
		const { db, server, account } = await treasurerPhone();
		await recordAll(db, [memberDraft(memberA, 'A1', '2025-03-01')], now);
		const rosaTransport = server.transportFor({ userId: rosa, role: 'admin' });
		await syncOnce({ account, db, now, transport: rosaTransport });

		// A new phone whose clock was reset two days back: the server's ops are "ahead" of it.
		const phone = await newPhone('new');
		const pedroAccount: SyncAccount = { ...account, userId: pedro, role: 'treasurer' };
		const pedroTransport = server.transportFor({ userId: pedro, role: 'treasurer' });
		const behind = () => now() - 2 * 86_400_000;
		const refused = await syncOnce({
			account: pedroAccount,
			db: phone,
			now: behind,
			transport: pedroTransport
		});
		expect(refused).toMatchObject({ ok: false, reason: 'pull_refused' });
		expect(await phone.ops.count()).toBe(0);
		// The date is fixed: the same pages come again and everything is taken.
		const fixed = await syncOnce({
			account: pedroAccount,
			db: phone,
			now,
			transport: pedroTransport
		});
		expect(fixed).toMatchObject({ ok: true, pulled: server.ops.length });
		expect(await countLog(phone)).toBe(server.ops.length);
	});

	it("refuses to mix two associations' books on one phone", async () => {
		const { db, account } = await treasurerPhone();
		const other = new FakeSyncServer({ associationId: crypto.randomUUID(), now });
		const outcome = await syncOnce({
			account: { ...account, associationId: other.associationId },
			db,
			now,
			transport: other.transportFor({ userId: rosa, role: 'admin' })
		});
		expect(outcome).toMatchObject({ ok: false, reason: 'book_mismatch' });
	});
});

function associationPayloadOf(op: unknown): Record<string, unknown> {
	return (op as { payload: Record<string, unknown> }).payload;
}
