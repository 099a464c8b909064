// The live totals of one shift's collection sheet, in integers: accepted and rejected liters,
// how many members delivered, and the average fat weighted by the liters each one delivered
// (a 40 L can at 3.2 % weighs more than a 5 L can at 4.1 %). Voided deliveries do not count.
import { divideRoundHalfUp, readingToThousandths } from '$lib/domain/money';
import type { DeliveryRow } from '$lib/store/schema';

export interface SheetTotals {
	acceptedCentiliters: number;
	rejectedCentiliters: number;
	membersDelivered: number;
	/** Average fat % in thousandths (3620 = 3.62 %), or null when no delivery had a reading. */
	averageFatThousandths: number | null;
}

export function sheetTotals(rows: Iterable<DeliveryRow>): SheetTotals {
	let acceptedCentiliters = 0;
	let rejectedCentiliters = 0;
	let fatWeighted = 0;
	let fatCentiliters = 0;
	const members = new Set<string>();
	for (const row of rows) {
		if (row.voided) continue;
		members.add(row.memberId);
		acceptedCentiliters += row.centiliters - row.rejectedCentiliters;
		rejectedCentiliters += row.rejectedCentiliters;
		if (row.fatPct !== undefined && row.centiliters > 0) {
			fatWeighted += readingToThousandths(row.fatPct) * row.centiliters;
			fatCentiliters += row.centiliters;
		}
	}
	return {
		acceptedCentiliters,
		rejectedCentiliters,
		membersDelivered: members.size,
		averageFatThousandths:
			fatCentiliters === 0 ? null : divideRoundHalfUp(fatWeighted, fatCentiliters)
	};
}

/** 3625 thousandths → "3.63 %" (half-up to two decimals, as a lab sheet writes it). */
export function formatFatPct(thousandths: number): string {
	const hundredths = divideRoundHalfUp(thousandths, 10);
	return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')} %`;
}

/** Deliveries grouped by member, in the order given. */
export function groupByMember(rows: readonly DeliveryRow[]): Map<string, DeliveryRow[]> {
	const groups = new Map<string, DeliveryRow[]>();
	for (const row of rows) {
		const list = groups.get(row.memberId);
		if (list) list.push(row);
		else groups.set(row.memberId, [row]);
	}
	return groups;
}
