// The journal in hledger's plain-text format, so that any accountant can check Ayni's books with
// a tool Ayni does not control (`hledger -f libro.journal bal`). Accounts are named by class and
// PCGE code (`activo:101 caja`); each transaction carries the op id that caused it as a tag.
import { centsToMoney } from '../money';
import { defaultChart, type AccountClass, type Chart } from './accounts';
import type { JournalEntry } from './journal';

const classRoot: Record<AccountClass, { root: string; hledgerType: string }> = {
	activo: { root: 'activo', hledgerType: 'A' },
	pasivo: { root: 'pasivo', hledgerType: 'L' },
	patrimonio: { root: 'patrimonio', hledgerType: 'E' },
	ingreso: { root: 'ingresos', hledgerType: 'R' },
	gasto: { root: 'gastos', hledgerType: 'X' }
};

/** The hledger name of an account, e.g. "101" → "activo:101 caja". */
export function hledgerAccountName(code: string, chart: Chart = defaultChart): string {
	const account = chart.byCode.get(code);
	if (!account) return `otros:${code}`;
	return `${classRoot[account.accountClass].root}:${account.code} ${account.shortName}`;
}

/**
 * Text a person wrote, made safe for one line of a journal: no line breaks, no ";" (a comment),
 * no "|" (payee separator), no leading status or code marks, no double spaces (which end a name).
 */
function oneLine(text: string): string {
	return text
		.replace(/[\r\n\t;|]+/g, ' ')
		.replace(/ {2,}/g, ' ')
		.replace(/^[\s*!(]+/, '')
		.trim();
}

/** The commodity every amount carries; PEN rather than "S/" because hledger would need quotes. */
const commodity = 'PEN';

/**
 * Writes entries as an hledger journal that hledger 1.25 reads without error: account
 * declarations with their types (so `hledger bs` and `hledger is` work), then one transaction per
 * entry in the given order, amounts with two decimals.
 */
export function toHledgerJournal(
	entries: readonly JournalEntry[],
	{ chart = defaultChart }: { chart?: Chart } = {}
): string {
	const out: string[] = [
		'; Libro de la asociación exportado por Ayni. Importes en soles (PEN).',
		`commodity 1,000.00 ${commodity}`,
		''
	];
	for (const account of chart.accounts) {
		out.push(
			`account ${hledgerAccountName(account.code, chart)}  ; type: ${classRoot[account.accountClass].hledgerType}`
		);
	}
	out.push('');
	for (const entry of entries) {
		const tags = [entry.opId ? `op:${entry.opId}` : `asiento:${entry.id}`];
		if (entry.kind === 'closing') tags.push('cierre:');
		out.push(`${entry.date} ${oneLine(entry.description) || 'Asiento'}  ; ${tags.join(', ')}`);
		for (const line of entry.lines) {
			const name = hledgerAccountName(line.account, chart);
			const amount = `${centsToMoney(line.amountCents)} ${commodity}`;
			const member = line.memberId ? `  ; socio:${line.memberId}` : '';
			out.push(`    ${name.padEnd(48)}  ${amount.padStart(18)}${member}`);
		}
		out.push('');
	}
	return out.join('\n');
}
