// The month's collection sheet as a CSV file for Excel on a Peruvian computer. UTF-8 with a
// byte-order mark, or Excel shows "Huamán" as "HuamÃ¡n". Comma as separator and point as decimal
// mark: Windows set to Español (Perú) uses "." for decimals and "," as list separator, so Excel
// there splits on commas and reads "12.50" as a number; ";" would land every row in one column.
// (The statements export of Liquidaciones makes the same choice, so both files open the same way.)
import { centilitersToLiters } from '$lib/domain/fixed-point';
import type { DeliveryRow, MemberRow } from '$lib/store/schema';

export interface CollectionCsvLabels {
	header: string[];
	shift: (shift: 'am' | 'pm') => string;
	alcohol: (test: 'pass' | 'fail' | undefined) => string;
	state: (voided: boolean) => string;
}

function cell(value: string): string {
	// A typed text starting with = + - @ would run as a formula in Excel: keep it text.
	const safe = /^[=+\-@\t]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line per delivery, voided ones included and marked, sorted by date, shift and code. */
export function collectionCsv({
	deliveries,
	members,
	labels
}: {
	deliveries: readonly DeliveryRow[];
	members: ReadonlyMap<string, MemberRow>;
	labels: CollectionCsvLabels;
}): string {
	const rows = deliveries
		.map((delivery) => ({ delivery, member: members.get(delivery.memberId) }))
		.sort(
			(a, b) =>
				compare(a.delivery.date, b.delivery.date) ||
				compare(a.delivery.shift, b.delivery.shift) ||
				compare(a.member?.code ?? '', b.member?.code ?? '') ||
				compare(a.delivery.opId, b.delivery.opId)
		)
		.map(({ delivery, member }) => [
			cell(member?.code ?? ''),
			cell(member?.fullName ?? ''),
			delivery.date,
			cell(labels.shift(delivery.shift)),
			centilitersToLiters(delivery.centiliters),
			centilitersToLiters(delivery.rejectedCentiliters),
			centilitersToLiters(
				delivery.voided ? 0 : delivery.centiliters - delivery.rejectedCentiliters
			),
			delivery.fatPct ?? '',
			delivery.density ?? '',
			delivery.acidityD ?? '',
			cell(labels.alcohol(delivery.alcoholTest)),
			cell(delivery.rejectReason ?? ''),
			cell(labels.state(delivery.voided === 1))
		]);
	return `\uFEFF${[labels.header.map(cell), ...rows].map((row) => row.join(',')).join('\r\n')}\r\n`;
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
