// Reads for the screens, each over an indexed key range (DESIGN.md section 7): a member's month
// or a shift's list never scans the whole history. They work inside `observe(...)` too. Rows taken out by a void are returned with
// `voided: 1` so a screen can show them struck through; the sums leave them out.
import { Dexie } from 'dexie';
import { db } from './db';
import { plusPacked } from './history-packs';
import { readIndexRange } from './index-range';
import type {
	AdvanceRow,
	ChargeRow,
	DeliveryRow,
	MemberRow,
	PaymentRow,
	PriceRow,
	SettlementRow
} from './schema';

/** Registered members ordered by code; retired ones only when asked. */
export async function listMembers({ includeRetired = false } = {}): Promise<MemberRow[]> {
	const rows = await db.members.orderBy('code').toArray();
	return rows.filter((row) => row.registeredOpId && (includeRetired || row.retired === 0));
}

export async function getMember(memberId: string): Promise<MemberRow | undefined> {
	const row = await db.members.get(memberId);
	return row?.registeredOpId ? row : undefined;
}

/** A member's deliveries between two business dates, both included, in date order. */
export function memberDeliveries({
	memberId,
	from,
	to
}: {
	memberId: string;
	from: string;
	to: string;
}): Promise<DeliveryRow[]> {
	return plusPacked(
		db,
		readIndexRange(db.deliveries, '[memberId+date]', [memberId, from], [memberId, to]),
		{ memberId, from, to }
	);
}

/** A period YYYY-MM as the date range it covers, for the range reads above. */
export function periodRange(period: string): { from: string; to: string } {
	return { from: `${period}-01`, to: `${period}-31` };
}

/** Every delivery of one shift of one day (the collection sheet). */
export function shiftDeliveries({
	date,
	shift
}: {
	date: string;
	shift: 'am' | 'pm';
}): Promise<DeliveryRow[]> {
	return plusPacked(
		db,
		readIndexRange(db.deliveries, '[date+shift]', [date, shift], [date, shift]),
		{ from: date, to: date, shift }
	);
}

/** Liters accepted (delivered minus rejected) and counted deliveries, voided ones left out. */
export function sumDeliveries(rows: readonly DeliveryRow[]): {
	centiliters: number;
	rejectedCentiliters: number;
	deliveries: number;
} {
	let centiliters = 0;
	let rejectedCentiliters = 0;
	let deliveries = 0;
	for (const row of rows) {
		if (row.voided) continue;
		centiliters += row.centiliters - row.rejectedCentiliters;
		rejectedCentiliters += row.rejectedCentiliters;
		deliveries += 1;
	}
	return { centiliters, rejectedCentiliters, deliveries };
}

/** The milk price in effect on a date: latest `effectiveFrom` not after it, then latest HLC. */
export function priceOn(date: string): Promise<PriceRow | undefined> {
	return db.prices
		.where('[effectiveFrom+hlc]')
		.between([Dexie.minKey, Dexie.minKey], [date, Dexie.maxKey], true, true)
		.last();
}

export function memberAdvances({ memberId, from, to }: MemberRange): Promise<AdvanceRow[]> {
	return readIndexRange(db.advances, '[memberId+date]', [memberId, from], [memberId, to]);
}

export function memberCharges({ memberId, from, to }: MemberRange): Promise<ChargeRow[]> {
	return readIndexRange(db.charges, '[memberId+date]', [memberId, from], [memberId, to]);
}

export function memberPayments({ memberId, from, to }: MemberRange): Promise<PaymentRow[]> {
	return readIndexRange(db.payments, '[memberId+date]', [memberId, from], [memberId, to]);
}

export function memberSettlements(memberId: string): Promise<SettlementRow[]> {
	return db.settlements
		.where('[memberId+periodTo]')
		.between([memberId, Dexie.minKey], [memberId, Dexie.maxKey])
		.toArray();
}

/** Op ids of advances and charges already deducted by a statement that is still in effect. */
export async function deductedSourceIds(sourceIds: readonly string[]): Promise<Set<string>> {
	const settlements = await db.settlements
		.where('sourceIds')
		.anyOf([...sourceIds])
		.toArray();
	const wanted = new Set(sourceIds);
	const deducted = new Set<string>();
	for (const settlement of settlements) {
		if (settlement.voided) continue;
		for (const id of settlement.sourceIds) if (wanted.has(id)) deducted.add(id);
	}
	return deducted;
}

interface MemberRange {
	memberId: string;
	from: string;
	to: string;
}
