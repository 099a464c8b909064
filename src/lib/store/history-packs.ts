// A new phone's history, stored packed (docs/sync.md, "A new phone"). IndexedDB charges per record
// and per value it copies, and a delivery stored the usual way is two records of a dozen values
// each (the op and its row): 358,000 of them took a cheap phone minutes. Packed, one record holds
// the deliveries of one month from one pulled page for a group of socios, each socio's as one JSON
// text, and the same history is stored in seconds.
//
// - Packs hold ops of a fresh book's first pull only: its history part (before `since`, up to
//   `head`) and its recent part's days before today, ops no later pull brings again. Today's stay
//   rows, so today's sheet reads no pack.
// - `deliveryPacks`: `delivery.recorded`. The ops are the log. Their rows are made when read, with
//   the voids stored at that time, so a void arriving later changes nothing in the pack; a rebuild
//   of the projections leaves them.
// - `ledgerPacks`: a socio's statements, payments, advances and charges. Only their log is packed:
//   their rows are written as any op's, and a rebuild projects them again.
// - A read parses only the texts of the socios it asks for.
// - An op arriving again whose id is packed (a backup restored, another person's pull on a shared
//   phone) is an op already stored, compared by body like any other.
import { groupBy } from './group-by';
import { keyBounds } from './index-range';
import { voidableRowsOf } from './projections/project-ops';
import type { AyniDatabase, DeliveryRow, HistoryPackRow, StoredOp } from './schema';

type Db = Pick<AyniDatabase, 'deliveryPacks' | 'voids'>;
type PacksDb = Pick<AyniDatabase, 'deliveryPacks' | 'ledgerPacks'>;

export const packedType = 'delivery.recorded';
/** The history's ops of one socio whose log is packed and whose rows are written. */
export const ledgerPackedTypes: ReadonlySet<string> = new Set([
	'settlement.issued',
	'payment.made',
	'advance.given',
	'charge.recorded'
]);

/** The pack table an op of this type goes to in a new phone's history, if any. */
export function packTableOf(type: string): 'deliveryPacks' | 'ledgerPacks' | undefined {
	if (type === packedType) return 'deliveryPacks';
	return ledgerPackedTypes.has(type) ? 'ledgerPacks' : undefined;
}

/**
 * Socios share a pack by the last two hex digits of their id: a page's month makes at most this
 * many records, and a read of one socio copies a few dozen socios' texts, not the page's.
 */
const packGroups = 32;

function memberIdOf(op: StoredOp): string {
	return (op.payload as { memberId: string }).memberId;
}

function groupOf(memberId: string): number {
	return (parseInt(memberId.slice(-2), 16) || 0) % packGroups;
}

/** The `socioMonths` entry of a socio's ops in a pack: one socio's months read as one range. */
function socioMonth(memberId: string, month: string): string {
	return `${memberId}|${month}`;
}

/** One pack per month and group of socios of these ops, keyed by the seq of its first op. */
export function packsOf(ops: readonly StoredOp[]): HistoryPackRow[] {
	const packs = groupBy(ops, (op) => `${op.date.slice(0, 7)}|${groupOf(memberIdOf(op))}`);
	return [...packs].map(([name, packOps]) => {
		const first = packOps[0] as StoredOp;
		const month = first.date.slice(0, 7);
		const [firstDate, lastDate] = keyBounds(packOps.map((op) => op.date));
		const bySocio = groupBy(packOps, memberIdOf);
		return {
			key: `${name}|${first.seq ?? first.id}`,
			month,
			firstDate,
			lastDate,
			socioMonths: [...bySocio.keys()].map((memberId) => socioMonth(memberId, month)),
			slices: [...bySocio.values()].map((socioOps) => JSON.stringify(socioOps)),
			count: packOps.length
		};
	});
}

/** The ops of a pack: one socio's, or everyone's. */
export function opsOf(pack: HistoryPackRow, memberId?: string): StoredOp[] {
	if (memberId === undefined)
		return pack.slices.flatMap((slice) => JSON.parse(slice) as StoredOp[]);
	const slice = pack.slices[pack.socioMonths.indexOf(socioMonth(memberId, pack.month))];
	return slice === undefined ? [] : (JSON.parse(slice) as StoredOp[]);
}

/** The packs holding one socio's deliveries of these months (YYYY-MM, both included). */
function socioPacks(
	db: Pick<AyniDatabase, 'deliveryPacks'>,
	memberId: string,
	from: string,
	to: string
): Promise<HistoryPackRow[]> {
	return db.deliveryPacks
		.where('socioMonths')
		.between(socioMonth(memberId, from), socioMonth(memberId, to), true, true)
		.toArray();
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
			: await socioPacks(db, memberId, from.slice(0, 7), to.slice(0, 7));
	if (packs.length === 0) return [];
	const ops: StoredOp[] = [];
	for (const pack of packs) {
		for (const op of opsOf(pack, memberId)) if (op.date >= from && op.date <= to) ops.push(op);
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
	db: PacksDb,
	ops: readonly StoredOp[]
): Promise<Map<string, StoredOp>> {
	const found = new Map<string, StoredOp>();
	await Promise.all(
		(['deliveryPacks', 'ledgerPacks'] as const).map((table) => copiesIn(db, table, ops, found))
	);
	return found;
}

async function copiesIn(
	db: PacksDb,
	table: 'deliveryPacks' | 'ledgerPacks',
	ops: readonly StoredOp[],
	found: Map<string, StoredOp>
): Promise<void> {
	const candidates = ops.filter((op) => packTableOf(op.type) === table);
	if (candidates.length === 0) return;
	// No pack holds a date after the latest pack's last one: today's ops look up nothing.
	const latest = (await db[table].orderBy('lastDate').lastKey()) as string | undefined;
	if (latest === undefined) return;
	const latestOps = candidates.filter((op) => op.date <= latest);
	const wanted = groupBy(latestOps, (op) => socioMonth(memberIdOf(op), op.date.slice(0, 7)));
	const socios = [...wanted];
	const packs = await Promise.all(
		socios.map(([name]) => db[table].where('socioMonths').equals(name).toArray())
	);
	socios.forEach(([, socioOps], index) => {
		const ids = new Set(socioOps.map((op) => op.id));
		const memberId = memberIdOf(socioOps[0] as StoredOp);
		for (const pack of packs[index] ?? []) {
			for (const op of opsOf(pack, memberId)) if (ids.has(op.id)) found.set(op.id, op);
		}
	});
}

/** Every packed op (for the backup), in pack order. */
export async function allPackedOps(db: PacksDb): Promise<StoredOp[]> {
	const ops: StoredOp[] = [];
	for (const table of [db.deliveryPacks, db.ledgerPacks]) {
		await table.each((pack) => {
			for (const op of opsOf(pack)) ops.push(op);
		});
	}
	return ops;
}

/** The packed statements, payments, advances and charges dated up to `to`, pack by pack. */
export async function packedLedgerOps(
	db: Pick<AyniDatabase, 'ledgerPacks'>,
	{ to }: { to: string }
): Promise<StoredOp[]> {
	const packs = await db.ledgerPacks.filter((pack) => pack.firstDate <= to).toArray();
	return packs.flatMap((pack) => opsOf(pack).filter((op) => op.date <= to));
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
