// Journal entries: immutable, dated, each a set of lines whose signed amounts sum to zero to the
// céntimo. Amounts are integer céntimos (positive debit, negative credit) so that sums over a
// month of entries are plain integer additions; text appears only at the edges.
import { centsToMoney, moneyToCents } from '../money';
import { defaultChart, type Chart } from './accounts';

export type JournalLine = {
	account: string;
	/** Signed céntimos: positive is a debit, negative a credit. Never zero. */
	amountCents: number;
	/** The member the line concerns (a receivable or payable of one socio), when there is one. */
	memberId?: string;
};

export type JournalEntry = {
	/** Unique per entry: the op id for the entry an op posts, `close:YYYY-MM` for a period close. */
	id: string;
	/** The op that caused the entry; absent for period-closing entries. */
	opId?: string;
	/** Business date (America/Lima) that decides the entry's period. */
	date: string;
	description: string;
	/** 'closing' entries move income and expenses into 591; reports of results leave them out. */
	kind: 'op' | 'closing';
	lines: readonly JournalLine[];
};

/** Why an entry was refused; codes read as the rule broken. */
export type EntryRefusal =
	| 'entry_must_have_two_lines'
	| 'entry_must_balance'
	| 'account_must_exist'
	| 'amount_must_be_whole_centimos'
	| 'line_must_be_debit_or_credit'
	| 'date_must_be_yyyy_mm_dd';

export type EntryResult =
	{ ok: true; entry: JournalEntry } | { ok: false; reason: EntryRefusal; detail: string };

/** The period (YYYY-MM) a business date belongs to. */
export function periodOf(date: string): string {
	return date.slice(0, 7);
}

/**
 * Checks an entry and returns it, or the first rule it breaks. Zero lines are dropped first, so
 * posting rules may pass amounts that happen to be zero (a statement with no deductions).
 */
export function createEntry(
	draft: Omit<JournalEntry, 'lines' | 'kind'> & {
		kind?: JournalEntry['kind'];
		lines: readonly JournalLine[];
	},
	chart: Chart = defaultChart
): EntryResult {
	let lines = draft.lines;
	if (lines.some((line) => line.amountCents === 0)) {
		lines = lines.filter((line) => line.amountCents !== 0);
	}
	// Built field by field rather than spread: a month posts thousands of entries and every
	// entry then has the same shape.
	const entry: JournalEntry = {
		id: draft.id,
		opId: draft.opId,
		date: draft.date,
		description: draft.description,
		kind: draft.kind ?? 'op',
		lines
	};
	const problem = entryProblem(entry, chart);
	return problem ? { ok: false, ...problem } : { ok: true, entry };
}

/**
 * Builds an entry from lines written by a person or an import, with debit and credit as money
 * text ("12.50"): the form a manual adjustment takes.
 */
export function createEntryFromText(
	draft: Omit<JournalEntry, 'lines' | 'kind'> & {
		kind?: JournalEntry['kind'];
		lines: readonly { account: string; debit?: string; credit?: string; memberId?: string }[];
	},
	chart: Chart = defaultChart
): EntryResult {
	const lines: JournalLine[] = [];
	for (const line of draft.lines) {
		const hasDebit = line.debit !== undefined && line.debit !== '0.00';
		const hasCredit = line.credit !== undefined && line.credit !== '0.00';
		if (hasDebit === hasCredit) {
			return { ok: false, reason: 'line_must_be_debit_or_credit', detail: line.account };
		}
		const text = (hasDebit ? line.debit : line.credit) ?? '';
		if (!/^\d+\.\d{2}$/.test(text)) {
			return { ok: false, reason: 'amount_must_be_whole_centimos', detail: text };
		}
		const cents = moneyToCents(text);
		lines.push({
			account: line.account,
			amountCents: hasDebit ? cents : -cents,
			...(line.memberId === undefined ? {} : { memberId: line.memberId })
		});
	}
	return createEntry({ ...draft, lines }, chart);
}

/** The first rule an entry breaks, or null; shared by `createEntry` and `validateLedger`. */
export function entryProblem(
	entry: JournalEntry,
	chart: Chart
): { reason: EntryRefusal; detail: string } | null {
	if (!isDateShaped(entry.date)) {
		return { reason: 'date_must_be_yyyy_mm_dd', detail: entry.date };
	}
	if (entry.lines.length < 2) {
		return { reason: 'entry_must_have_two_lines', detail: `${entry.lines.length} lines` };
	}
	let sum = 0;
	for (const line of entry.lines) {
		if (!chart.byCode.has(line.account))
			return { reason: 'account_must_exist', detail: line.account };
		if (!Number.isSafeInteger(line.amountCents) || line.amountCents === 0) {
			return { reason: 'amount_must_be_whole_centimos', detail: String(line.amountCents) };
		}
		sum += line.amountCents;
	}
	if (sum !== 0) {
		return {
			reason: 'entry_must_balance',
			detail: `debits exceed credits by ${centsToMoney(sum)}`
		};
	}
	return null;
}

/** YYYY-MM-DD by shape; checked per entry, so without a regular expression. */
function isDateShaped(text: string): boolean {
	if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
	for (const index of [0, 1, 2, 3, 5, 6, 8, 9]) {
		const code = text.charCodeAt(index);
		if (code < 48 || code > 57) return false;
	}
	return true;
}

/** The same entry with every line on the other side: how a void undoes what its target posted. */
export function reverseEntry(
	entry: JournalEntry,
	{ id, opId, date, description }: { id: string; opId: string; date: string; description: string }
): JournalEntry {
	return {
		id,
		opId,
		date,
		description,
		kind: entry.kind,
		lines: entry.lines.map((line) => ({ ...line, amountCents: -line.amountCents }))
	};
}

/** Orders entries by date, then id, the order every report and export uses. */
export function compareEntries(a: JournalEntry, b: JournalEntry): number {
	if (a.date !== b.date) return a.date < b.date ? -1 : 1;
	if (a.kind !== b.kind) return a.kind === 'closing' ? 1 : -1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
