// Read-only queries behind the Liquidaciones screens: what a period's statements are computed from,
// one statement with its payments, and the latest statement of every member for "Por pagar".
// Indexed ranges, keys and bulkGet only (DESIGN.md section 7): with 24 months of a 500-member
// book stored, no query reads the history row by row, and none holds a long transaction.
import type {
	AdvanceRow,
	AyniDatabase,
	ChargeRow,
	DeliveryRow,
	MemberRow,
	PaymentRow,
	PriceRow,
	SettlementRow
} from './schema';
import { plusPacked } from './history-packs';
import { yieldToMain } from './yield-to-main';

type Db = Pick<
	AyniDatabase,
	| 'deliveries'
	| 'deliveryPacks'
	| 'voids'
	| 'prices'
	| 'advances'
	| 'charges'
	| 'settlements'
	| 'payments'
	| 'members'
>;

/**
 * Keys per slice of `bulkGetInSlices`. IndexedDB has no "get these keys" call, so a bulkGet is one
 * request per key, and making a request costs the main thread about a millisecond on a phone 4×
 * slower than a laptop (measured by bench/collection-settlement): 20 keep each slice well under the
 * 50 ms a task may take.
 */
const sliceKeys = 20;

/** Rows by key, a slice at a time with a pause between, so no task blocks input for long. */
async function bulkGetInSlices<Row>(
	table: { bulkGet(keys: string[]): Promise<(Row | undefined)[]> },
	keys: readonly string[]
): Promise<(Row | undefined)[]> {
	const rows: (Row | undefined)[] = [];
	for (let start = 0; start < keys.length; start += sliceKeys) {
		const slice = await table.bulkGet(keys.slice(start, start + sliceKeys));
		for (const row of slice) rows.push(row);
		if (start + sliceKeys < keys.length) await yieldToMain();
	}
	return rows;
}

function addDays(date: string, days: number): string {
	const at = new Date(`${date}T12:00:00Z`);
	at.setUTCDate(at.getUTCDate() + days);
	return at.toISOString().slice(0, 10);
}

/**
 * The deliveries of an inclusive date range, one shift per read: a 500-member shift is about 500
 * rows, small enough that decoding them never blocks the main thread for long.
 */
export async function deliveriesBetween(
	db: Db,
	{ from, to }: { from: string; to: string }
): Promise<DeliveryRow[]> {
	const rows: DeliveryRow[] = [];
	for (let date = from; date <= to; date = addDays(date, 1)) {
		for (const shift of ['am', 'pm']) {
			const read = await db.deliveries.where('[date+shift]').equals([date, shift]).toArray();
			for (const row of read) rows.push(row);
			await yieldToMain();
		}
	}
	// A new phone's first pull, packed (history-packs.ts): its days before the day it was pulled.
	return plusPacked(db, Promise.resolve(rows), { from, to });
}

export type LatestStatements = {
	/** Each member's latest statement that is not voided, by periodTo. */
	latest: SettlementRow[];
	/** The payments recorded against those statements. */
	payments: PaymentRow[];
};

/**
 * Every member's latest statement and its payments. The [memberId+periodTo] index is read as keys
 * only, so the whole history costs two key scans; only the latest rows are fetched.
 * `before` keeps statements ending before that date (the ones a new period carries from).
 */
export async function latestStatements(
	db: Db,
	{ before }: { before?: string } = {}
): Promise<LatestStatements> {
	const ordered = db.settlements.orderBy('[memberId+periodTo]');
	const [keys, primaryKeys] = await Promise.all([ordered.keys(), ordered.primaryKeys()]);
	// Index order is member, then periodTo: the last key of each member is its latest statement.
	const candidatesByMember = new Map<string, string[]>();
	for (let index = 0; index < keys.length; index++) {
		const [memberId, periodTo] = keys[index] as unknown as [string, string];
		if (before !== undefined && periodTo >= before) continue;
		const list = candidatesByMember.get(memberId);
		const opId = primaryKeys[index] as string;
		if (list) list.push(opId);
		else candidatesByMember.set(memberId, [opId]);
	}
	const latest: SettlementRow[] = [];
	// Walk back from the newest while the newest is voided: usually one round.
	let pending = [...candidatesByMember.values()];
	while (pending.length > 0) {
		const ids = pending.map((list) => list[list.length - 1] as string);
		const rows = await bulkGetInSlices(db.settlements, ids);
		const next: string[][] = [];
		rows.forEach((row, index) => {
			const list = pending[index] as string[];
			if (row && !row.voided) latest.push(row);
			else if (list.length > 1) next.push(list.slice(0, -1));
		});
		pending = next;
	}
	const payments =
		latest.length === 0
			? []
			: await db.payments
					.where('settlementId')
					.anyOf(latest.map((row) => row.settlementId))
					.toArray();
	return { latest, payments };
}

/** The statements already issued whose period ends on `to` (a fortnight's or a month's). */
export async function statementsEndingOn(db: Db, to: string): Promise<SettlementRow[]> {
	const ordered = db.settlements.orderBy('[memberId+periodTo]');
	const [keys, primaryKeys] = await Promise.all([ordered.keys(), ordered.primaryKeys()]);
	const ids: string[] = [];
	for (let index = 0; index < keys.length; index++) {
		const key = keys[index] as unknown as [string, string];
		if (key[1] === to) ids.push(primaryKeys[index] as string);
	}
	const rows = await bulkGetInSlices(db.settlements, ids);
	return rows.filter((row): row is SettlementRow => row !== undefined && !row.voided);
}

/**
 * Advances and charges up to `to` that no statement has deducted yet. The deducted ones are found
 * through the statements' multi-entry index of source ids, as keys; a source counts as deducted
 * only while a statement that is not voided holds it.
 */
export async function pendingDeductions(
	db: Db,
	{ to }: { to: string }
): Promise<{ advances: AdvanceRow[]; charges: ChargeRow[] }> {
	const [advanceIds, chargeIds] = await Promise.all([
		db.advances.where('date').belowOrEqual(to).primaryKeys(),
		db.charges.where('date').belowOrEqual(to).primaryKeys()
	]);
	const sourceIds = [...advanceIds, ...chargeIds] as string[];
	const deducted = new Set<string>();
	if (sourceIds.length > 0) {
		const holders = await db.settlements.where('sourceIds').anyOf(sourceIds).toArray();
		for (const holder of holders) {
			if (holder.voided) continue;
			for (const sourceId of holder.sourceIds) deducted.add(sourceId);
		}
	}
	const [advances, charges] = await Promise.all([
		bulkGetInSlices(
			db.advances,
			(advanceIds as string[]).filter((id) => !deducted.has(id))
		),
		bulkGetInSlices(
			db.charges,
			(chargeIds as string[]).filter((id) => !deducted.has(id))
		)
	]);
	return {
		advances: advances.filter((row): row is AdvanceRow => row !== undefined && !row.voided),
		charges: charges.filter((row): row is ChargeRow => row !== undefined && !row.voided)
	};
}

export async function allPrices(db: Db): Promise<PriceRow[]> {
	return db.prices.toArray();
}

/**
 * Members by id, for names and codes on the statements. The members table is small (one row per
 * member), so one getAll of it costs less than a request per member.
 */
export async function membersById(
	db: Db,
	memberIds: readonly string[]
): Promise<Map<string, MemberRow>> {
	const wanted = new Set(memberIds);
	const rows = await db.members.toArray();
	const byId = new Map<string, MemberRow>();
	for (const row of rows) if (wanted.has(row.memberId)) byId.set(row.memberId, row);
	return byId;
}

/** One statement by its settlementId, with the payments recorded against it. */
export async function statementWithPayments(
	db: Db,
	settlementId: string
): Promise<{ statement: SettlementRow; payments: PaymentRow[] } | null> {
	const statement = await db.settlements.where('settlementId').equals(settlementId).first();
	if (!statement) return null;
	const payments = await db.payments.where('settlementId').equals(settlementId).toArray();
	return { statement, payments };
}

/** The statements of a period, for its list and its CSV export. */
export async function statementsOfPeriod(
	db: Db,
	{ from, to }: { from: string; to: string }
): Promise<{ statements: SettlementRow[]; payments: PaymentRow[] }> {
	const statements = (await statementsEndingOn(db, to)).filter((row) => row.periodFrom === from);
	const payments =
		statements.length === 0
			? []
			: await db.payments
					.where('settlementId')
					.anyOf(statements.map((row) => row.settlementId))
					.toArray();
	return { statements, payments };
}
