// Read-only queries behind the collection sheet, the prices page and the month's CSV export.
// Indexed ranges and bulkGet only (DESIGN.md section 7): a shift is one [date+shift] key, a month
// one [date+shift] range, so 24 months of history stored never slow the sheet down.
import { Dexie } from 'dexie';
import { db } from './db';
import { plusPacked } from './history-packs';
import { shiftDeliveries } from './queries';
import type { DeliveryRow, MemberRow, PriceRow, VoidRow } from './schema';

export interface ShiftSheetData {
	/** Members on the sheet: the active ones, plus retired ones who already delivered this shift. */
	members: MemberRow[];
	deliveries: DeliveryRow[];
	/** The void in effect of each voided delivery, by the voided delivery's op id. */
	voids: Map<string, VoidRow>;
}

/** One shift of one day: the members in collection order (by code) and what each delivered. */
export async function loadShiftSheet({
	date,
	shift
}: {
	date: string;
	shift: 'am' | 'pm';
}): Promise<ShiftSheetData> {
	const [allMembers, deliveries] = await Promise.all([
		db.members.orderBy('code').toArray(),
		shiftDeliveries({ date, shift })
	]);
	const delivered = new Set(deliveries.map((row) => row.memberId));
	const members = allMembers.filter(
		(row) => row.registeredOpId && (row.retired === 0 || delivered.has(row.memberId))
	);
	return { members, deliveries, voids: await voidsOf(deliveries) };
}

/** The reasons of the voids that took these deliveries out, for the sheet's history. */
export async function voidsOf(deliveries: readonly DeliveryRow[]): Promise<Map<string, VoidRow>> {
	const voided = deliveries.filter((row) => row.voided && row.voidedBy);
	const found = new Map<string, VoidRow>();
	if (voided.length === 0) return found;
	const rows = await db.voids.bulkGet(voided.map((row) => row.voidedBy as string));
	voided.forEach((row, index) => {
		const voidRow = rows[index];
		if (voidRow) found.set(row.opId, voidRow);
	});
	return found;
}

/** Every delivery of a month YYYY-MM (voided ones included), for the CSV export. */
export function monthDeliveries(month: string): Promise<DeliveryRow[]> {
	const [from, to] = [`${month}-01`, `${month}-31`];
	return plusPacked(
		db,
		db.deliveries
			.where('[date+shift]')
			.between([from, Dexie.minKey], [to, Dexie.maxKey], true, true)
			.toArray(),
		{ from, to }
	);
}

/** Every price ever set, oldest first by the date it starts and then by when it was recorded. */
export function priceHistory(): Promise<PriceRow[]> {
	return db.prices.orderBy('[effectiveFrom+hlc]').toArray();
}

/** Members by id (one bulkGet), for names and codes in an export. */
export async function membersByIds(memberIds: Iterable<string>): Promise<Map<string, MemberRow>> {
	const unique = [...new Set(memberIds)];
	const rows = await db.members.bulkGet(unique);
	const byId = new Map<string, MemberRow>();
	for (const row of rows) if (row) byId.set(row.memberId, row);
	return byId;
}

/** Whether the book holds any member or delivery yet (the sample data is offered on an empty one). */
export async function isBookEmpty(): Promise<boolean> {
	const [members, deliveries, packs] = await Promise.all([
		db.members.count(),
		db.deliveries.count(),
		db.deliveryPacks.count()
	]);
	return members === 0 && deliveries === 0 && packs === 0;
}

/** One member's deliveries in one shift (the current one and any voided before it). */
export async function memberShiftDeliveries({
	memberId,
	date,
	shift
}: {
	memberId: string;
	date: string;
	shift: 'am' | 'pm';
}): Promise<{ deliveries: DeliveryRow[]; voids: Map<string, VoidRow> }> {
	const rows = await plusPacked(
		db,
		db.deliveries.where('[memberId+date]').equals([memberId, date]).toArray(),
		{ memberId, from: date, to: date }
	);
	const deliveries = rows.filter((row) => row.shift === shift);
	return { deliveries, voids: await voidsOf(deliveries) };
}
