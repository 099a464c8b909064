// A new phone's history of deliveries, stored packed (docs/sync.md, "A new phone"). IndexedDB
// charges per record, and a delivery stored the usual way is two records (the op and its row):
// 358,000 of them took a cheap phone minutes. Packed, one record holds one socio's deliveries of
// one month from one pulled page, and the same history is stored in seconds.
//
// - Packs hold `delivery.recorded` ops of a fresh book's history part only (before `since`, up to
//   `head`): ops no other part and no other phone's pull brings again.
// - The ops are the log. Their rows are made when read, with the voids stored at that time, so a
//   void arriving later changes nothing in the pack; a rebuild of the projections leaves them.
// - An op arriving again whose id is packed (a backup restored, another person's pull on a shared
//   phone) is an op already stored, compared by body like any other.
import { keyBounds } from './index-range';
import { voidableRowsOf } from './projections/project-ops';
import type { AyniDatabase, DeliveryPackRow, DeliveryRow, StoredOp } from './schema';

type Db = Pick<AyniDatabase, 'deliveryPacks' | 'voids'>;

export const packedType = 'delivery.recorded';

function memberIdOf(op: StoredOp): string {
	return (op.payload as { memberId: string }).memberId;
}

/** One pack per socio and month of these ops, keyed by the seq of its first op. */
export function packsOf(ops: readonly StoredOp[]): DeliveryPackRow[] {
	const packs = new Map<string, DeliveryPackRow>();
	for (const op of ops) {
		const memberId = memberIdOf(op);
		const month = op.date.slice(0, 7);
		const group = `${memberId}|${month}`;
		const pack = packs.get(group);
		if (!pack) {
			const key = `${group}|${op.seq ?? op.id}`;
			packs.set(group, { key, memberId, month, firstDate: op.date, lastDate: op.date, ops: [op] });
			continue;
		}
		pack.ops.push(op);
		if (op.date < pack.firstDate) pack.firstDate = op.date;
		if (op.date > pack.lastDate) pack.lastDate = op.date;
	}
	return [...packs.values()];
}

/**
 * The packed deliveries of one socio, or of everyone, between two business dates (both
 * included), as the rows the `deliveries` table would hold, voided ones marked. Dates after the
 * history (today's sheet) read no pack.
 */
export async function packedDeliveries(
	db: Db,
	{ memberId, from, to }: { memberId?: string; from: string; to: string }
): Promise<DeliveryRow[]> {
	const packs =
		memberId === undefined
			? await db.deliveryPacks
					.where('lastDate')
					.between(from, `${to.slice(0, 7)}-31`, true, true)
					.filter((pack) => pack.firstDate <= to)
					.toArray()
			: await db.deliveryPacks
					.where('[memberId+month]')
					.between([memberId, from.slice(0, 7)], [memberId, to.slice(0, 7)], true, true)
					.toArray();
	if (packs.length === 0) return [];
	const ops: StoredOp[] = [];
	for (const pack of packs) {
		for (const op of pack.ops) if (op.date >= from && op.date <= to) ops.push(op);
	}
	return (await voidableRowsOf(db as AyniDatabase, ops)) as DeliveryRow[];
}

/**
 * Rows of the `deliveries` table and packed rows of the same range as one list in the order of
 * the index read: [memberId+date] (one socio's) or [date+shift]; op id last. Without packed rows
 * the stored list is returned as it is.
 */
export function withPacked(
	stored: DeliveryRow[],
	packed: readonly DeliveryRow[],
	index: '[memberId+date]' | '[date+shift]'
): DeliveryRow[] {
	if (packed.length === 0) return stored;
	// A delivery in both (stored by another path while its page was packed) counts once.
	const storedIds = new Set(stored.map((row) => row.opId));
	const byShift = index === '[date+shift]';
	return [...stored, ...packed.filter((row) => !storedIds.has(row.opId))].sort((a, b) => {
		if (a.date !== b.date) return a.date < b.date ? -1 : 1;
		if (byShift && a.shift !== b.shift) return a.shift < b.shift ? -1 : 1;
		return a.opId < b.opId ? -1 : 1;
	});
}

/**
 * Rows read from the `deliveries` table, with the packed rows of the same range (and shift) added
 * in the read's index order: one socio's ([memberId+date]) or everyone's ([date+shift]).
 */
export async function plusPacked(
	db: Db,
	stored: Promise<DeliveryRow[]>,
	{ memberId, from, to, shift }: { memberId?: string; from: string; to: string; shift?: string }
): Promise<DeliveryRow[]> {
	const [rows, packed] = await Promise.all([stored, packedDeliveries(db, { memberId, from, to })]);
	return withPacked(
		rows,
		shift === undefined ? packed : packed.filter((row) => row.shift === shift),
		memberId === undefined ? '[date+shift]' : '[memberId+date]'
	);
}

/** Of these ops, the ones already packed here, by id, with the packed copy. */
export async function packedCopies(
	db: Pick<AyniDatabase, 'deliveryPacks'>,
	ops: readonly StoredOp[]
): Promise<Map<string, StoredOp>> {
	const found = new Map<string, StoredOp>();
	if (!ops.some((op) => op.type === packedType)) return found;
	// No pack holds a date after the latest pack's last one: today's ops look up nothing.
	const latest = (await db.deliveryPacks.orderBy('lastDate').lastKey()) as string | undefined;
	if (latest === undefined) return found;
	const wanted = new Map<string, Set<string>>();
	for (const op of ops) {
		if (op.type !== packedType || op.date > latest) continue;
		const group = JSON.stringify([memberIdOf(op), op.date.slice(0, 7)]);
		const ids = wanted.get(group);
		if (ids) ids.add(op.id);
		else wanted.set(group, new Set([op.id]));
	}
	const groups = [...wanted];
	const packs = await Promise.all(
		groups.map(([group]) =>
			db.deliveryPacks
				.where('[memberId+month]')
				.equals(JSON.parse(group) as [string, string])
				.toArray()
		)
	);
	groups.forEach(([, ids], index) => {
		for (const pack of packs[index] ?? []) {
			for (const op of pack.ops) if (ids.has(op.id)) found.set(op.id, op);
		}
	});
	return found;
}

/** Every packed op (for the backup), in pack order. */
export async function allPackedOps(db: Pick<AyniDatabase, 'deliveryPacks'>): Promise<StoredOp[]> {
	const ops: StoredOp[] = [];
	await db.deliveryPacks.each((pack) => {
		for (const op of pack.ops) ops.push(op);
	});
	return ops;
}

/** How many ops the packs hold. */
export async function packedOpCount(db: Pick<AyniDatabase, 'deliveryPacks'>): Promise<number> {
	let count = 0;
	await db.deliveryPacks.each((pack) => (count += pack.ops.length));
	return count;
}

/** Which of these ids the log holds, read as one key range (ids are UUIDv7: a page's are close). */
export async function storedIdsAmong(
	db: Pick<AyniDatabase, 'ops'>,
	ids: readonly string[]
): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const [lowest, highest] = keyBounds(ids);
	const wanted = new Set(ids);
	const keys = await db.ops.where(':id').between(lowest, highest, true, true).primaryKeys();
	return new Set(keys.filter((key) => wanted.has(key)));
}
