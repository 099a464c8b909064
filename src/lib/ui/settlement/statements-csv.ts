// The statements of a period as a CSV file that Excel opens correctly on a Peruvian computer:
// UTF-8 with a byte-order mark (without it Excel reads "Huamán" as "HuamÃ¡n"), comma-separated
// (Peru writes decimals with a point, so Excel's list separator there is the comma), CRLF lines,
// amounts as plain decimals so they sum as numbers.
import { centilitersToLiters, centsToMoney } from '$lib/domain';
import { m } from '$lib/paraglide/messages.js';
import type { MemberRow, PaymentRow, SettlementRow } from '$lib/store/schema';
import { acceptedCentilitersOf, remainingCents } from './settlement-plan';

function cell(value: string): string {
	// A leading = + - @ would be run as a formula by Excel: a name typed as "=HYPERLINK(…)" must
	// stay text. Numbers are ours (never typed), so only text cells are guarded.
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function textCell(value: string): string {
	return cell(/^[=+\-@\t]/.test(value) ? `'${value}` : value);
}

export function statementsCsv({
	statements,
	payments,
	members
}: {
	statements: readonly SettlementRow[];
	payments: readonly PaymentRow[];
	members: ReadonlyMap<string, MemberRow>;
}): string {
	const header = [
		m.liq_csv_member_code(),
		m.liq_csv_member_name(),
		m.liq_csv_from(),
		m.liq_csv_to(),
		m.liq_csv_liters(),
		m.liq_csv_gross(),
		m.liq_csv_deductions(),
		m.liq_csv_carried_in(),
		m.liq_csv_net(),
		m.liq_csv_paid(),
		m.liq_csv_remaining()
	].map(cell);
	const rows = [...statements]
		.map((statement) => ({ statement, member: members.get(statement.memberId) }))
		.sort((a, b) => ((a.member?.code ?? '') < (b.member?.code ?? '') ? -1 : 1))
		.map(({ statement, member }) => {
			const remaining = remainingCents(statement, payments);
			const deductions = statement.grossCents + statement.carriedInCents - statement.netCents;
			return [
				textCell(member?.code ?? ''),
				textCell(member?.fullName ?? ''),
				statement.periodFrom,
				statement.periodTo,
				centilitersToLiters(acceptedCentilitersOf(statement.lines)),
				centsToMoney(statement.grossCents),
				centsToMoney(deductions),
				centsToMoney(statement.carriedInCents),
				centsToMoney(statement.netCents),
				centsToMoney(statement.netCents - remaining),
				centsToMoney(Math.max(0, remaining))
			];
		});
	return `\uFEFF${[header, ...rows].map((row) => row.join(',')).join('\r\n')}\r\n`;
}

/** Hands the file to the browser's download (works offline: the file is made on the phone). */
export function downloadCsv(fileName: string, text: string): void {
	const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
