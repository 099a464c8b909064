// Read-only queries behind the Socios screens: the list, and one member's estado de cuenta. All
// are reads of one member's key ranges ([memberId+date], [memberId+periodTo]) plus the small
// price table, so opening a member costs the same with two years of history as with two weeks.
import { Dexie } from 'dexie';
import { db } from './db';
import { packedDeliveries, withPacked } from './history-packs';
import { readIndexRange } from './index-range';
import type {
	AdvanceRow,
	ChargeRow,
	DeliveryRow,
	MemberRow,
	PaymentRow,
	PriceRow,
	SettlementRow,
	VoidRow
} from './schema';

/** Registered members (retired included) in code order. */
export async function allMembers(): Promise<MemberRow[]> {
	const rows = await db.members.orderBy('code').toArray();
	return rows.filter((row) => row.registeredOpId);
}

export interface MemberAccountData {
	member: MemberRow;
	settlements: SettlementRow[];
	payments: PaymentRow[];
	/** Deliveries after the latest statement's period (what is not settled yet). */
	pendingDeliveries: DeliveryRow[];
	/** The latest deliveries, newest first, for the list on the page. */
	recentDeliveries: DeliveryRow[];
	advances: AdvanceRow[];
	charges: ChargeRow[];
	/** Advance and charge op ids already deducted by a statement still in effect. */
	deductedIds: Set<string>;
	prices: PriceRow[];
	voids: Map<string, VoidRow>;
}

const recentDeliveryCount = 20;

/** Business dates are YYYY-MM-DD: these bound every one of them. */
const firstDate = '';
const lastDate = '9999-12-31';

/**
 * Two rounds of reads, each in parallel: the member's rows, then what depends on them (the
 * deliveries since the latest statement, the reasons of voids). Rounds, not reads, are what a
 * cheap phone waits on.
 */
export async function loadMemberAccount(memberId: string): Promise<MemberAccountData | null> {
	const lower = [memberId, firstDate];
	const upper = [memberId, lastDate];
	const [member, settlements, payments, advances, charges, prices, recentStored, packed] =
		await Promise.all([
			db.members.get(memberId),
			readIndexRange(db.settlements, '[memberId+periodTo]', lower, upper),
			readIndexRange(db.payments, '[memberId+date]', lower, upper),
			readIndexRange(db.advances, '[memberId+date]', lower, upper),
			readIndexRange(db.charges, '[memberId+date]', lower, upper),
			db.prices.toArray(),
			db.deliveries
				.where('[memberId+date]')
				.between([memberId, Dexie.minKey], [memberId, Dexie.maxKey], true, true)
				.reverse()
				.limit(recentDeliveryCount)
				.toArray(),
			// A new phone's history, if this socio's is packed here (history-packs.ts).
			packedDeliveries(db, { memberId, from: firstDate, to: lastDate })
		]);
	if (!member?.registeredOpId) return null;
	const recentDeliveries = withPacked(recentStored, packed, '[memberId+date]')
		.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.opId < b.opId ? 1 : -1))
		.slice(0, recentDeliveryCount);
	const latestTo = settlements
		.filter((row) => !row.voided)
		.reduce<string | undefined>(
			(latest, row) => (!latest || row.periodTo > latest ? row.periodTo : latest),
			undefined
		);
	const voided = [...recentDeliveries, ...advances, ...charges].filter((row) => row.voidedBy);
	const [afterStored, voidRows] = await Promise.all([
		readIndexRange(
			db.deliveries,
			'[memberId+date]',
			[memberId, latestTo ?? firstDate],
			[memberId, lastDate]
		),
		voided.length > 0
			? db.voids.bulkGet(voided.map((row) => row.voidedBy as string))
			: Promise.resolve([])
	]);
	const afterLatest = withPacked(
		afterStored,
		packed.filter((row) => latestTo === undefined || row.date >= latestTo),
		'[memberId+date]'
	);
	// The latest statement's last day is settled: only later deliveries are pending.
	const pendingDeliveries =
		latestTo === undefined ? afterLatest : afterLatest.filter((row) => row.date > latestTo);
	// A member's advances and charges are deducted on that member's statements (the plan groups
	// deductions by member), so the statements already read say which were taken: no lookup of
	// each source id in the statements' index, which walks a cursor one key at a time.
	const deductedIds = new Set<string>();
	for (const settlement of settlements) {
		if (settlement.voided) continue;
		for (const id of settlement.sourceIds) deductedIds.add(id);
	}
	const voids = new Map<string, VoidRow>();
	voided.forEach((row, index) => {
		const voidRow = voidRows[index];
		if (voidRow) voids.set(row.opId, voidRow);
	});
	return {
		member,
		settlements,
		payments,
		pendingDeliveries,
		recentDeliveries,
		advances,
		charges,
		deductedIds,
		prices,
		voids
	};
}
