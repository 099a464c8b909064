// The store harness page: the real store code, driven from Playwright through
// `window.ayniStoreHarness`. It serves the store benchmark (bench/store.bench.ts) and the
// crash-safety e2e test (tests/e2e/store.e2e.ts). Not part of the product.
import { applyRemote, applyStoredOps } from '$lib/store/apply-remote';
import { configureAssociation } from '$lib/store/association';
import { loadAssociation } from '$lib/store/association-read';
import { stableJson } from '$lib/store/append-ops';
import { db, makeDatabase } from '$lib/store/db';
import { memberDeliveries } from '$lib/store/queries';
import { recordMany, type OpDraft } from '$lib/store/record';
import { catalogProjections } from '$lib/store/projections/catalog-projections';
import { projectionTableNames, type AyniDatabase, type StoredOp } from '$lib/store/schema';
import type { Op } from '$lib/ops/envelope';
import { makeUuidV7Generator } from '$lib/ops/uuid-v7';
import { generateBook, makeRandom, formatScaled } from '../../tests/fixtures/ops-generator';

declare global {
	interface Window {
		ayniStoreHarness: typeof harness;
		/** Bound by the e2e test: the page calls it once the store confirmed a save. */
		reportSaved?: (ids: string[]) => Promise<void>;
	}
}

const today = '2025-03-10';

async function setup({ members }: { members: number }): Promise<string[]> {
	if ((await loadAssociation()).status !== 'ok') {
		const configured = await configureAssociation({
			name: 'Asociación de Prueba de Matahuasi',
			legalForm: 'cooperativa',
			district: 'Matahuasi',
			settlementCycle: 'quincenal'
		});
		if (!configured.ok) throw new Error(JSON.stringify(configured));
	}
	const existing = await db.members.toArray();
	if (existing.length >= members) return existing.map((member) => member.memberId);
	const drafts: OpDraft[] = Array.from({ length: members }, (_, index) => ({
		type: 'member.registered',
		date: today,
		payload: {
			memberId: crypto.randomUUID(),
			code: `S-${String(index + 1).padStart(3, '0')}`,
			fullName: `Socio ${index + 1}`,
			activities: ['leche'],
			joinedOn: '2020-01-01'
		}
	}));
	const registered = await recordMany(drafts);
	if (!registered.ok) throw new Error(JSON.stringify(registered));
	return drafts.map((draft) => (draft.payload as { memberId: string }).memberId);
}

/**
 * Records one save after another, as a collector typing fast would: mostly single deliveries,
 * sometimes a two-row save, a correction (void) or an advance. Each save is reported to the test
 * only after the store confirmed it. Runs until the page is reloaded or `count` saves are done.
 */
async function burst({ count, seed }: { count: number; seed: number }): Promise<number> {
	const random = makeRandom(seed);
	const memberIds = (await db.members.toArray()).map((member) => member.memberId);
	const recent: string[] = [];
	let saves = 0;
	const delivery = (): OpDraft => ({
		type: 'delivery.recorded',
		date: today,
		payload: {
			memberId: random.pick(memberIds),
			shift: random.pick(['am', 'pm'] as const),
			liters: formatScaled(random.int(100, 4000), 2)
		}
	});
	for (; saves < count; saves++) {
		const roll = random.next();
		let drafts: OpDraft[];
		if (roll < 0.75 || recent.length === 0) drafts = [delivery()];
		else if (roll < 0.85) drafts = [delivery(), delivery()];
		else if (roll < 0.93) {
			drafts = [
				{
					type: 'delivery.voided',
					date: today,
					payload: { deliveryId: random.pick(recent), reason: 'Corrección' }
				}
			];
		} else {
			drafts = [
				{
					type: 'advance.given',
					date: today,
					payload: { memberId: random.pick(memberIds), amount: '20.00', method: 'efectivo' }
				}
			];
		}
		const result = await recordMany(drafts);
		if (!result.ok) throw new Error(JSON.stringify(result));
		for (const op of result.ops) if (op.type === 'delivery.recorded') recent.push(op.id);
		await window.reportSaved?.(result.ops.map((op) => op.id));
	}
	return saves;
}

/** Which table holds the row an op projects to, and under which key. */
function projectionKey(op: StoredOp): { table: string; key: string } | undefined {
	const projection = catalogProjections[op.type];
	switch (projection.kind) {
		case 'row':
		case 'voidableRow':
			return { table: projection.table, key: op.id };
		case 'void':
			return { table: 'voids', key: op.id };
		case 'member':
			return { table: 'members', key: (op.payload as { memberId: string }).memberId };
		case 'association':
			return { table: 'association', key: op.associationId };
		case 'period':
			return { table: 'periods', key: (op.payload as { period: string }).period };
	}
}

/**
 * The crash-safety invariants: every reported op is in the log with its projection; no projection
 * row refers to an op missing from the log; and the projections equal those rebuilt from the log
 * in a scratch database (so nothing half-applied survived a reload).
 */
async function check({ reportedIds }: { reportedIds: string[] }): Promise<{
	ops: number;
	problems: string[];
}> {
	const problems: string[] = [];
	const ops = await db.ops.toArray();
	const opIds = new Set(ops.map((op) => op.id));
	for (const id of reportedIds) if (!opIds.has(id)) problems.push(`reported op missing: ${id}`);
	for (const op of ops) {
		const where = projectionKey(op);
		if (!where) continue;
		const row = await db.table(where.table).get(where.key);
		if (!row) problems.push(`op without projection: ${op.type} ${op.id}`);
	}
	for (const table of ['deliveries', 'advances', 'voids'] as const) {
		for (const row of await db.table(table).toArray()) {
			if (!opIds.has(row.opId)) problems.push(`${table} row without op: ${row.opId}`);
			if (row.voidedBy && !opIds.has(row.voidedBy))
				problems.push(`void without op: ${row.voidedBy}`);
		}
	}
	for (const member of await db.members.toArray()) {
		if (member.registeredOpId && !opIds.has(member.registeredOpId)) {
			problems.push(`member without op: ${member.memberId}`);
		}
	}
	const scratch = makeDatabase('ayni-crash-check');
	await scratch.delete();
	await scratch.open();
	await applyStoredOps(scratch, ops);
	if ((await snapshot(scratch)) !== (await snapshot(db))) {
		problems.push('projections differ from a rebuild of the log');
	}
	scratch.close();
	return { ops: ops.length, problems };
}

async function snapshot(database: AyniDatabase): Promise<string> {
	const tables = await Promise.all(
		projectionTableNames.map((name) => database.table(name).toArray())
	);
	return stableJson(tables);
}

// ── Benchmarks ─────────────────────────────────────────────────────────────────────────────────

const monthMembers = 500;
const monthDays = 30;

interface PreparedMonth {
	setup: Op[];
	month: Op[];
	opRows: StoredOp[];
	deliveryRows: object[];
}
let prepared: PreparedMonth | undefined;

/** The benchmark month: 500 members, 30 days, two shifts = 30,000 deliveries (untimed). */
function prepareMonth({ members = monthMembers }: { members?: number } = {}): { ops: number } {
	const book = generateBook({
		seed: 42,
		members,
		days: monthDays,
		deliveriesOnly: true,
		devices: 3
	});
	const setup = book.ops.filter((op) => op.type !== 'delivery.recorded');
	const month = book.ops.filter((op) => op.type === 'delivery.recorded');
	// The rows the store writes for these ops, made by the store's own projection code.
	const toRow = (
		catalogProjections['delivery.recorded'] as unknown as {
			toRow: (op: StoredOp) => object;
		}
	).toRow;
	const opRows = month.map((op) => ({ ...op, status: 'synced' }) as StoredOp);
	const deliveryRows = opRows.map((op) => ({ ...toRow(op), voided: 0 }));
	prepared = { setup, month, opRows, deliveryRows };
	return { ops: month.length };
}

function requirePrepared(): PreparedMonth {
	if (!prepared) throw new Error('prepareMonth first');
	return prepared;
}

/** One store run: a fresh database with the members, then the month applied as a sync pull. */
async function applyMonthStore(): Promise<number> {
	const { setup, month } = requirePrepared();
	const bench = makeDatabase('bench-apply');
	await bench.delete();
	await bench.open();
	await applyRemote(setup, { db: bench });
	const started = performance.now();
	const result = await applyRemote(month, { db: bench });
	const elapsed = performance.now() - started;
	if (!result.ok || result.applied !== month.length) throw new Error(JSON.stringify(result));
	bench.close();
	return elapsed;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/**
 * The floor: the same op and delivery rows put with the bare IndexedDB API into stores with the
 * same keys and indexes, one transaction per 1000 ops, as `bulkPut` would.
 */
async function applyMonthRaw({ limit }: { limit?: number } = {}): Promise<number> {
	const prepared = requirePrepared();
	const opRows = prepared.opRows.slice(0, limit);
	const deliveryRows = prepared.deliveryRows.slice(0, limit);
	await request(indexedDB.deleteDatabase('bench-raw'));
	const open = indexedDB.open('bench-raw', 1);
	open.onupgradeneeded = () => {
		const raw = open.result;
		const ops = raw.createObjectStore('ops', { keyPath: 'id' });
		ops.createIndex('[status+hlc]', ['status', 'hlc']);
		ops.createIndex('[type+date]', ['type', 'date']);
		const deliveries = raw.createObjectStore('deliveries', { keyPath: 'opId' });
		deliveries.createIndex('[memberId+date]', ['memberId', 'date']);
		deliveries.createIndex('[date+shift]', ['date', 'shift']);
	};
	const raw = await request(open);
	const started = performance.now();
	for (let start = 0; start < opRows.length; start += 1000) {
		const transaction = raw.transaction(['ops', 'deliveries'], 'readwrite');
		const ops = transaction.objectStore('ops');
		const deliveries = transaction.objectStore('deliveries');
		for (let index = start; index < Math.min(start + 1000, opRows.length); index++) {
			ops.put(opRows[index]);
			deliveries.put(deliveryRows[index]);
		}
		await new Promise<void>((resolve, reject) => {
			transaction.oncomplete = () => resolve();
			transaction.onerror = () => reject(transaction.error);
			transaction.onabort = () => reject(transaction.error);
		});
	}
	const elapsed = performance.now() - started;
	raw.close();
	return elapsed;
}

/**
 * Bytes the origin uses per stored delivery (op + projection), from storage.estimate(): the first
 * `ops` deliveries of the month applied through the store into a new database. Run it first, on
 * the fresh profile: usage figures lag behind deleted databases. It also warms the store up.
 */
async function storagePerDelivery({ ops }: { ops: number }): Promise<number> {
	const { setup, month } = requirePrepared();
	const sample = month.slice(0, ops);
	const bench = makeDatabase('bench-storage');
	await bench.open();
	await applyRemote(setup, { db: bench });
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const before = (await navigator.storage.estimate()).usage ?? 0;
	await applyRemote(sample, { db: bench });
	bench.close();
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const after = (await navigator.storage.estimate()).usage ?? 0;
	return (after - before) / sample.length;
}

const readMembers = 500;
const readDays = Number(new URLSearchParams(location.search).get('days') ?? 720);

/**
 * Fills the app's database with 720,000 deliveries (500 members × 720 days × 2 shifts), written
 * straight into the projection table in large transactions: the read benchmark needs the rows
 * there, not the time it took to get there. Their ops are left out (they double the seeding time
 * and the read touches only the deliveries' index).
 */
async function seedDeliveries(): Promise<{ deliveries: number; memberIds: string[] }> {
	await db.delete();
	await db.open();
	const random = makeRandom(7);
	const memberIds = Array.from({ length: readMembers }, () => crypto.randomUUID());
	let clockMs = Date.UTC(2023, 0, 1, 11);
	const ids = makeUuidV7Generator({
		now: () => clockMs,
		randomBytes: (count) => random.bytes(count)
	});
	const start = Date.UTC(2023, 0, 1);
	let count = 0;
	for (let day = 0; day < readDays; day += 20) {
		const rows: object[] = [];
		for (let offset = day; offset < Math.min(day + 20, readDays); offset++) {
			const date = new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
			for (const shift of ['am', 'pm'] as const) {
				clockMs = start + offset * 86_400_000 + (shift === 'am' ? 11 : 21) * 3_600_000;
				memberIds.forEach((memberId, index) => {
					clockMs += 1000;
					const id = ids.next();
					const centiliters = 500 + ((index * 37 + offset) % 3000);
					rows.push({
						opId: id,
						memberId,
						date,
						shift,
						centiliters,
						rejectedCentiliters: 0,
						fatPct: '3.800',
						voided: 0
					});
				});
			}
		}
		await db.deliveries.bulkPut(rows as never[]);
		count += rows.length;
	}
	return { deliveries: count, memberIds };
}

/** One member's month through the store's query, timed in the page. */
async function readMonthStore({ memberId, month }: { memberId: string; month: string }): Promise<{
	ms: number;
	rows: number;
}> {
	const started = performance.now();
	const rows = await memberDeliveries({ memberId, from: `${month}-01`, to: `${month}-31` });
	return { ms: performance.now() - started, rows: rows.length };
}

let rawRead: IDBDatabase | undefined;

/** The floor: `getAll` on the same index and key range with the bare IndexedDB API. */
async function readMonthRaw({ memberId, month }: { memberId: string; month: string }): Promise<{
	ms: number;
	rows: number;
}> {
	rawRead ??= await request(indexedDB.open('ayni'));
	const started = performance.now();
	const index = rawRead
		.transaction('deliveries', 'readonly')
		.objectStore('deliveries')
		.index('[memberId+date]');
	const rows = await request(
		index.getAll(IDBKeyRange.bound([memberId, `${month}-01`], [memberId, `${month}-31`]))
	);
	return { ms: performance.now() - started, rows: rows.length };
}

const harness = {
	setup,
	burst,
	check,
	prepareMonth,
	applyMonthStore,
	applyMonthRaw,
	storagePerDelivery,
	seedDeliveries,
	readMonthStore,
	readMonthRaw
};

window.ayniStoreHarness = harness;
document.getElementById('state')!.textContent = 'listo';
