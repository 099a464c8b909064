// The association's chart of accounts: the Peruvian PCGE numbering, simplified (DESIGN.md
// section 6). A chart is data, so an association or a later feature can extend it with
// `defineChart` without touching the posting rules.

/** The five classes of the balance sheet and income statement; they decide a balance's side. */
export type AccountClass = 'activo' | 'pasivo' | 'patrimonio' | 'gasto' | 'ingreso';

export type Account = {
	/** PCGE code, the key every entry line uses ("101"). */
	code: string;
	/** Name as the treasurer reads it. */
	name: string;
	/** Short lowercase name used in exports ("caja" → `activo:101 caja`). */
	shortName: string;
	accountClass: AccountClass;
};

/** Accounts whose balance is normally a debit; the others are normally a credit. */
export function isDebitNormal(accountClass: AccountClass): boolean {
	return accountClass === 'activo' || accountClass === 'gasto';
}

/** The accounts the posting rules of `postings.ts` use; codes are what the rules refer to. */
export const accountCodes = {
	cash: '101',
	bank: '104',
	buyersReceivable: '121',
	membersReceivable: '142',
	inventory: '201',
	membersPayable: '465',
	memberCapital: '501',
	reserves: '581',
	retainedEarnings: '591',
	milkPurchases: '601',
	managementExpenses: '631',
	milkSales: '701',
	inputSalesToMembers: '702',
	membershipDues: '751',
	otherIncome: '759'
} as const;

export type AccountCode = (typeof accountCodes)[keyof typeof accountCodes];

export const baseAccounts: readonly Account[] = [
	{ code: '101', name: 'Caja', shortName: 'caja', accountClass: 'activo' },
	{
		code: '104',
		name: 'Bancos (cuentas corrientes, billeteras)',
		shortName: 'bancos',
		accountClass: 'activo'
	},
	{
		code: '121',
		name: 'Cuentas por cobrar – compradores',
		shortName: 'cuentas por cobrar compradores',
		accountClass: 'activo'
	},
	{
		code: '142',
		name: 'Cuentas por cobrar – socios (adelantos, insumos al crédito)',
		shortName: 'cuentas por cobrar socios',
		accountClass: 'activo'
	},
	{
		code: '201',
		name: 'Mercaderías e insumos',
		shortName: 'mercaderías e insumos',
		accountClass: 'activo'
	},
	{
		code: '465',
		name: 'Cuentas por pagar – socios (liquidaciones)',
		shortName: 'cuentas por pagar socios',
		accountClass: 'pasivo'
	},
	{
		code: '501',
		name: 'Aportes de socios',
		shortName: 'aportes de socios',
		accountClass: 'patrimonio'
	},
	{ code: '581', name: 'Reservas', shortName: 'reservas', accountClass: 'patrimonio' },
	{
		code: '591',
		name: 'Resultados acumulados',
		shortName: 'resultados acumulados',
		accountClass: 'patrimonio'
	},
	{
		code: '601',
		name: 'Compras – leche de socios',
		shortName: 'compras leche de socios',
		accountClass: 'gasto'
	},
	{
		code: '631',
		name: 'Servicios y gastos de gestión',
		shortName: 'servicios y gastos de gestión',
		accountClass: 'gasto'
	},
	{ code: '701', name: 'Ventas – leche', shortName: 'ventas leche', accountClass: 'ingreso' },
	{
		code: '702',
		name: 'Ventas – insumos a socios',
		shortName: 'ventas insumos a socios',
		accountClass: 'ingreso'
	},
	{ code: '751', name: 'Cuotas sociales', shortName: 'cuotas sociales', accountClass: 'ingreso' },
	// Not in DESIGN.md's table: transport and other charges to members are income, but neither
	// milk, inputs nor dues, so they get the PCGE "otros ingresos" account.
	{ code: '759', name: 'Otros ingresos', shortName: 'otros ingresos', accountClass: 'ingreso' }
];

export type Chart = {
	readonly accounts: readonly Account[];
	readonly byCode: ReadonlyMap<string, Account>;
};

export type ChartError = {
	code: string;
	rule:
		| 'account_code_must_be_unique'
		| 'account_code_must_be_digits'
		| 'account_name_must_be_exportable';
};

/**
 * Builds a chart from the base accounts plus an association's own ones. Codes must be unique
 * digits and export names must not contain what hledger treats as syntax (";", two spaces, ":").
 */
export function defineChart(
	extra: readonly Account[] = []
): { ok: true; chart: Chart } | { ok: false; errors: ChartError[] } {
	const accounts = [...baseAccounts, ...extra].sort((a, b) =>
		a.code < b.code ? -1 : a.code > b.code ? 1 : 0
	);
	const byCode = new Map<string, Account>();
	const errors: ChartError[] = [];
	for (const account of accounts) {
		if (!/^\d{2,6}$/.test(account.code))
			errors.push({ code: account.code, rule: 'account_code_must_be_digits' });
		if (/[;:\t\n]| {2}/.test(account.shortName) || account.shortName.trim() !== account.shortName) {
			errors.push({ code: account.code, rule: 'account_name_must_be_exportable' });
		}
		if (byCode.has(account.code))
			errors.push({ code: account.code, rule: 'account_code_must_be_unique' });
		byCode.set(account.code, account);
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, chart: { accounts, byCode } };
}

const base = defineChart();
if (!base.ok) throw new Error('The base chart of accounts is invalid.');

/** The chart every association starts with. */
export const defaultChart: Chart = base.chart;
