// What the treasurer shows the assembly: account balances, the trial balance (balance de
// comprobación), the income statement (estado de resultados), the balance sheet (estado de
// situación), the period-closing entry into 591, and a validator that lists every problem at once.
import { centsToMoney } from '../money';
import { accountCodes, defaultChart, isDebitNormal, type Chart } from './accounts';
import {
	compareEntries,
	entryProblem,
	periodOf,
	type EntryRefusal,
	type JournalEntry
} from './journal';

/** Which entries a report reads: a period (YYYY-MM) or an inclusive date range. */
export type EntryFilter = {
	period?: string;
	from?: string;
	to?: string;
	/** Leave out period-closing entries, as a statement of results must. */
	withoutClosing?: boolean;
};

function selects(entry: JournalEntry, filter: EntryFilter): boolean {
	if (filter.period !== undefined && periodOf(entry.date) !== filter.period) return false;
	if (filter.from !== undefined && entry.date < filter.from) return false;
	if (filter.to !== undefined && entry.date > filter.to) return false;
	if (filter.withoutClosing && entry.kind === 'closing') return false;
	return true;
}

type Totals = { debitCents: number; creditCents: number };

/** Debit and credit totals per account over the selected entries, in integer céntimos. */
export function accountTotals(
	entries: readonly JournalEntry[],
	filter: EntryFilter = {}
): Map<string, Totals> {
	const totals = new Map<string, Totals>();
	for (const entry of entries) {
		if (!selects(entry, filter)) continue;
		for (const line of entry.lines) {
			let account = totals.get(line.account);
			if (!account) {
				account = { debitCents: 0, creditCents: 0 };
				totals.set(line.account, account);
			}
			if (line.amountCents > 0) account.debitCents += line.amountCents;
			else account.creditCents -= line.amountCents;
		}
	}
	return totals;
}

/** Signed balance (debit minus credit) per account in céntimos; accounts that net to zero stay. */
export function accountBalances(
	entries: readonly JournalEntry[],
	filter: EntryFilter = {}
): Map<string, number> {
	const balances = new Map<string, number>();
	for (const [account, { debitCents, creditCents }] of accountTotals(entries, filter)) {
		balances.set(account, debitCents - creditCents);
	}
	return balances;
}

export type TrialBalanceRow = { account: string; debit: string; credit: string; balance: string };

/**
 * The trial balance: per account with movement, total debits, total credits and the signed
 * balance (debit − credit), as money text, ordered by account code. Its balances sum to 0.00.
 */
export function trialBalance(
	entries: readonly JournalEntry[],
	filter: EntryFilter = {}
): TrialBalanceRow[] {
	return [...accountTotals(entries, filter)]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([account, { debitCents, creditCents }]) => ({
			account,
			debit: centsToMoney(debitCents),
			credit: centsToMoney(creditCents),
			balance: centsToMoney(debitCents - creditCents)
		}));
}

export type StatementLine = { account: string; name: string; amount: string };

export type IncomeStatement = {
	income: StatementLine[];
	expenses: StatementLine[];
	totalIncome: string;
	totalExpenses: string;
	/** Income minus expenses: the surplus (positive) or deficit of the period. */
	result: string;
};

/** Income and expenses of the selected entries, before any closing entry moved them into 591. */
export function incomeStatement(
	entries: readonly JournalEntry[],
	{ chart = defaultChart, ...filter }: EntryFilter & { chart?: Chart } = {}
): IncomeStatement {
	const balances = accountBalances(entries, { ...filter, withoutClosing: true });
	const income: StatementLine[] = [];
	const expenses: StatementLine[] = [];
	let incomeCents = 0;
	let expensesCents = 0;
	for (const account of chart.accounts) {
		const balance = balances.get(account.code);
		if (balance === undefined || balance === 0) continue;
		if (account.accountClass === 'ingreso') {
			income.push({ account: account.code, name: account.name, amount: centsToMoney(-balance) });
			incomeCents -= balance;
		} else if (account.accountClass === 'gasto') {
			expenses.push({ account: account.code, name: account.name, amount: centsToMoney(balance) });
			expensesCents += balance;
		}
	}
	return {
		income,
		expenses,
		totalIncome: centsToMoney(incomeCents),
		totalExpenses: centsToMoney(expensesCents),
		result: centsToMoney(incomeCents - expensesCents)
	};
}

export type BalanceSheet = {
	asOf: string;
	assets: StatementLine[];
	liabilities: StatementLine[];
	equity: StatementLine[];
	/** Income minus expenses not yet closed into 591, shown within equity. */
	unclosedResult: string;
	totalAssets: string;
	totalLiabilitiesAndEquity: string;
	/** Assets equal liabilities plus equity; false means the journal is broken. */
	balanced: boolean;
};

/**
 * The position at the end of a date: every entry up to and including it. Amounts are shown on
 * their normal side (a liability as a positive credit balance).
 */
export function balanceSheet(
	entries: readonly JournalEntry[],
	{ asOf, chart = defaultChart }: { asOf: string; chart?: Chart }
): BalanceSheet {
	const balances = accountBalances(entries, { to: asOf });
	const assets: StatementLine[] = [];
	const liabilities: StatementLine[] = [];
	const equity: StatementLine[] = [];
	let assetsCents = 0;
	let claimsCents = 0;
	let resultCents = 0;
	for (const account of chart.accounts) {
		const balance = balances.get(account.code) ?? 0;
		if (balance === 0) continue;
		const shown = isDebitNormal(account.accountClass) ? balance : -balance;
		const line = { account: account.code, name: account.name, amount: centsToMoney(shown) };
		switch (account.accountClass) {
			case 'activo':
				assets.push(line);
				assetsCents += balance;
				break;
			case 'pasivo':
				liabilities.push(line);
				claimsCents -= balance;
				break;
			case 'patrimonio':
				equity.push(line);
				claimsCents -= balance;
				break;
			default:
				resultCents -= balance;
		}
	}
	return {
		asOf,
		assets,
		liabilities,
		equity,
		unclosedResult: centsToMoney(resultCents),
		totalAssets: centsToMoney(assetsCents),
		totalLiabilitiesAndEquity: centsToMoney(claimsCents + resultCents),
		balanced: assetsCents === claimsCents + resultCents
	};
}

/** The last calendar day of a period, "2024-02" → "2024-02-29". */
export function lastDayOfPeriod(period: string): string {
	const [year, month] = period.split('-').map(Number) as [number, number];
	const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return `${period}-${String(day).padStart(2, '0')}`;
}

/**
 * The closing entry of a period (Beancount's transfer_balances): every income and expense
 * account's balance over the period moved into 591 Resultados acumulados, dated the period's last
 * day. Null when there is nothing to move, e.g. the period is already closed in `entries`.
 */
export function closingEntry(
	entries: readonly JournalEntry[],
	{ period, chart = defaultChart }: { period: string; chart?: Chart }
): JournalEntry | null {
	const balances = accountBalances(entries, { period });
	const lines: { account: string; amountCents: number }[] = [];
	let resultCents = 0;
	for (const account of chart.accounts) {
		if (account.accountClass !== 'ingreso' && account.accountClass !== 'gasto') continue;
		const balance = balances.get(account.code) ?? 0;
		if (balance === 0) continue;
		lines.push({ account: account.code, amountCents: -balance });
		resultCents += balance;
	}
	if (lines.length === 0) return null;
	if (resultCents !== 0)
		lines.push({ account: accountCodes.retainedEarnings, amountCents: resultCents });
	return {
		id: `close:${period}`,
		date: lastDayOfPeriod(period),
		description: `Cierre del periodo ${period}: resultado a 591`,
		kind: 'closing',
		lines
	};
}

/** `entries` with the closing entry of each given period added, in order. */
export function closePeriods(
	entries: readonly JournalEntry[],
	{ periods, chart = defaultChart }: { periods: readonly string[]; chart?: Chart }
): JournalEntry[] {
	const closed = [...entries];
	for (const period of [...periods].sort()) {
		const entry = closingEntry(closed, { period, chart });
		if (entry) closed.push(entry);
	}
	return closed.sort(compareEntries);
}

export type LedgerError = {
	entryId: string;
	rule:
		| EntryRefusal
		| 'entry_id_must_be_unique'
		| 'closing_entry_must_touch_only_results_and_591'
		| 'closing_entry_must_be_dated_last_day';
	detail: string;
};

/** Every problem in a journal, not just the first: what an auditor or an import check wants. */
export function validateLedger(
	entries: readonly JournalEntry[],
	{ chart = defaultChart }: { chart?: Chart } = {}
): LedgerError[] {
	const errors: LedgerError[] = [];
	const seen = new Set<string>();
	for (const entry of entries) {
		if (seen.has(entry.id)) {
			errors.push({ entryId: entry.id, rule: 'entry_id_must_be_unique', detail: entry.id });
		}
		seen.add(entry.id);
		const problem = entryProblem(entry, chart);
		if (problem) errors.push({ entryId: entry.id, rule: problem.reason, detail: problem.detail });
		if (entry.kind === 'closing') {
			for (const line of entry.lines) {
				const accountClass = chart.byCode.get(line.account)?.accountClass;
				const allowed =
					line.account === accountCodes.retainedEarnings ||
					accountClass === 'ingreso' ||
					accountClass === 'gasto';
				if (!allowed) {
					errors.push({
						entryId: entry.id,
						rule: 'closing_entry_must_touch_only_results_and_591',
						detail: line.account
					});
				}
			}
			if (
				/^\d{4}-\d{2}-\d{2}$/.test(entry.date) &&
				entry.date !== lastDayOfPeriod(periodOf(entry.date))
			) {
				errors.push({
					entryId: entry.id,
					rule: 'closing_entry_must_be_dated_last_day',
					detail: entry.date
				});
			}
		}
	}
	return errors;
}
