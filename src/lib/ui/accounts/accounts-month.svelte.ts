// Cuentas for one month: the trial balance of the month's entries and the cash box and bank
// balances at its end, all from the domain's ledger over the op log. Nothing is summed here that
// the ledger does not already give.
import {
	accountBalances,
	accountTotals,
	bookEntries,
	bookProblems,
	buildBook,
	defaultChart,
	lastDayOfPeriod,
	trialBalance,
	type TrialBalanceRow
} from '$lib/domain';
import { db } from '$lib/store/db';
import { inForeground } from '$lib/store/foreground';
import { moneyOpsUpTo } from '$lib/store/ledger-queries';

export type AccountsView = {
	month: string;
	rows: (TrialBalanceRow & { name: string })[];
	totalDebitCents: number;
	totalCreditCents: number;
	cashCents: number;
	bankCents: number;
	problems: number;
};

export class AccountsMonth {
	#view = $state.raw<AccountsView | undefined>(undefined);
	#loading = $state(true);
	#loads = 0;

	get view(): AccountsView | undefined {
		return this.#view;
	}
	get loading(): boolean {
		return this.#loading;
	}

	async load(month: string): Promise<void> {
		const load = ++this.#loads;
		this.#loading = true;
		const to = lastDayOfPeriod(month);
		// Read before a new phone's next page of history is stored (see foreground.ts).
		const ops = await inForeground(() => moneyOpsUpTo(db, { to }));
		const book = buildBook(ops, defaultChart, { tracksBalances: false });
		const entries = bookEntries(book);
		const rows = trialBalance(entries, { period: month }).map((row) => ({
			...row,
			name: defaultChart.byCode.get(row.account)?.name ?? row.account
		}));
		let totalDebitCents = 0;
		let totalCreditCents = 0;
		for (const totals of accountTotals(entries, { period: month }).values()) {
			totalDebitCents += totals.debitCents;
			totalCreditCents += totals.creditCents;
		}
		const balances = accountBalances(entries, { to });
		const problems = bookProblems(book).length;
		if (load !== this.#loads) return;
		this.#view = {
			month,
			rows,
			totalDebitCents,
			totalCreditCents,
			cashCents: balances.get('101') ?? 0,
			bankCents: balances.get('104') ?? 0,
			problems
		};
		this.#loading = false;
	}
}
