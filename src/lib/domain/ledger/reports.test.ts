import { describe, expect, it } from 'vitest';
import type { DomainOp } from '../op-payloads';
import { journalFromOps } from './book';
import type { JournalEntry } from './journal';
import {
	accountBalances,
	balanceSheet,
	closePeriods,
	closingEntry,
	incomeStatement,
	lastDayOfPeriod,
	trialBalance,
	validateLedger
} from './reports';
import { idFor, member, op } from '../../../../tests/fixtures/ledger-ops';

/**
 * May 2024 of a small association, told as a treasurer would: a sale on credit, its collection,
 * an advance, feed on credit, a statement that deducts both plus dues, the payment, an expense;
 * and one June advance.
 */
const may: DomainOp[] = [
	op(
		'sale.recorded',
		{
			saleId: idFor('sale'),
			buyer: 'Planta Laive',
			lines: [{ item: 'Leche', quantity: '1000', unit: 'L', unitPrice: '1.5000' }],
			total: '1500.00',
			terms: 'credito'
		},
		{ id: idFor('sale'), date: '2024-05-05' }
	),
	op(
		'sale.collected',
		{ saleId: idFor('sale'), amount: '1500.00', method: 'transferencia' },
		{ id: idFor('coll'), date: '2024-05-20' }
	),
	op(
		'advance.given',
		{ memberId: member.ana, amount: '100.00', method: 'efectivo' },
		{ id: idFor('adv'), date: '2024-05-06' }
	),
	op(
		'charge.recorded',
		{ memberId: member.ana, kind: 'insumo', amount: '40.00', description: 'Sal mineral' },
		{ id: idFor('feed'), date: '2024-05-07' }
	),
	op(
		'charge.recorded',
		{ memberId: member.ana, kind: 'cuota', amount: '5.00', description: 'Cuota' },
		{ id: idFor('dues'), date: '2024-05-07' }
	),
	op(
		'settlement.issued',
		{
			settlementId: idFor('stmt'),
			memberId: member.ana,
			periodFrom: '2024-05-01',
			periodTo: '2024-05-15',
			lines: [{ description: 'Leche', liters: '1000', pricePerLiter: '1.3000', amount: '1300.00' }],
			gross: '1300.00',
			deductions: [
				{ kind: 'adelanto', sourceId: idFor('adv'), amount: '100.00', description: 'Adelanto' },
				{ kind: 'insumo', sourceId: idFor('feed'), amount: '40.00', description: 'Sal' },
				{ kind: 'cuota', sourceId: idFor('dues'), amount: '5.00', description: 'Cuota' }
			],
			carriedIn: '0.00',
			net: '1155.00'
		},
		{ id: idFor('stmt'), date: '2024-05-16' }
	),
	op(
		'payment.made',
		{ memberId: member.ana, amount: '1155.00', method: 'transferencia' },
		{ id: idFor('pay'), date: '2024-05-17' }
	),
	op(
		'expense.recorded',
		{ category: 'Luz', amount: '60.00', description: 'Recibo', paidFrom: 'caja' },
		{ id: idFor('light'), date: '2024-05-31' }
	),
	op(
		'advance.given',
		{ memberId: member.beto, amount: '30.00', method: 'efectivo' },
		{ id: idFor('adv-jun'), date: '2024-06-03' }
	)
];

const entries = journalFromOps(may);

describe('trial balance', () => {
	it('lists debits, credits and balance per account for a period', () => {
		expect(trialBalance(entries, { period: '2024-05' })).toEqual([
			{ account: '101', debit: '0.00', credit: '160.00', balance: '-160.00' },
			{ account: '104', debit: '1500.00', credit: '1155.00', balance: '345.00' },
			{ account: '121', debit: '1500.00', credit: '1500.00', balance: '0.00' },
			{ account: '142', debit: '140.00', credit: '140.00', balance: '0.00' },
			{ account: '465', debit: '1300.00', credit: '1300.00', balance: '0.00' },
			{ account: '601', debit: '1300.00', credit: '0.00', balance: '1300.00' },
			{ account: '631', debit: '60.00', credit: '0.00', balance: '60.00' },
			{ account: '701', debit: '0.00', credit: '1500.00', balance: '-1500.00' },
			{ account: '702', debit: '0.00', credit: '40.00', balance: '-40.00' },
			{ account: '751', debit: '0.00', credit: '5.00', balance: '-5.00' }
		]);
	});

	it('sums to 0.00 for every period and for any date range', () => {
		for (const filter of [
			{ period: '2024-05' },
			{ period: '2024-06' },
			{},
			{ from: '2024-05-10', to: '2024-06-30' }
		]) {
			const total = trialBalance(entries, filter).reduce(
				(sum, row) => sum + Math.round(Number(row.balance) * 100),
				0
			);
			expect(total).toBe(0);
		}
	});

	it('of a period with no entries is empty', () => {
		expect(trialBalance(entries, { period: '2024-07' })).toEqual([]);
	});
});

describe('income statement (estado de resultados)', () => {
	it('shows income, expenses and the surplus of the period', () => {
		const statement = incomeStatement(entries, { period: '2024-05' });
		expect(statement.income.map((line) => [line.account, line.amount])).toEqual([
			['701', '1500.00'],
			['702', '40.00'],
			['751', '5.00']
		]);
		expect(statement.expenses.map((line) => [line.account, line.amount])).toEqual([
			['601', '1300.00'],
			['631', '60.00']
		]);
		expect(statement).toMatchObject({
			totalIncome: '1545.00',
			totalExpenses: '1360.00',
			result: '185.00'
		});
	});

	it('is unchanged by the closing entry, which only moves the result into 591', () => {
		const closed = closePeriods(entries, { periods: ['2024-05'] });
		expect(incomeStatement(closed, { period: '2024-05' }).result).toBe('185.00');
	});
});

describe('balance sheet (estado de situación)', () => {
	it('balances, with the open result inside equity', () => {
		const sheet = balanceSheet(entries, { asOf: '2024-05-31' });
		expect(sheet.assets.map((line) => [line.account, line.amount])).toEqual([
			['101', '-160.00'],
			['104', '345.00']
		]);
		expect(sheet).toMatchObject({
			unclosedResult: '185.00',
			totalAssets: '185.00',
			totalLiabilitiesAndEquity: '185.00',
			balanced: true
		});
	});

	it('after the close, shows the result in 591 and nothing open', () => {
		const sheet = balanceSheet(closePeriods(entries, { periods: ['2024-05'] }), {
			asOf: '2024-05-31'
		});
		expect(sheet.equity).toEqual([
			{ account: '591', name: 'Resultados acumulados', amount: '185.00' }
		]);
		expect(sheet).toMatchObject({ unclosedResult: '0.00', balanced: true });
	});

	it('shows a member who owes on the asset side', () => {
		const sheet = balanceSheet(entries, { asOf: '2024-06-30' });
		expect(sheet.assets.find((line) => line.account === '142')?.amount).toBe('30.00');
	});
});

describe('period close', () => {
	it('moves every income and expense balance of the month into 591', () => {
		const entry = closingEntry(entries, { period: '2024-05' });
		expect(entry).toMatchObject({ id: 'close:2024-05', date: '2024-05-31', kind: 'closing' });
		expect(entry?.lines).toEqual([
			{ account: '601', amountCents: -130_000 },
			{ account: '631', amountCents: -6_000 },
			{ account: '701', amountCents: 150_000 },
			{ account: '702', amountCents: 4_000 },
			{ account: '751', amountCents: 500 },
			{ account: '591', amountCents: -18_500 }
		]);
	});

	it('leaves income and expense accounts at zero, so closing twice adds nothing', () => {
		const closed = closePeriods(entries, { periods: ['2024-05'] });
		const balances = accountBalances(closed, { period: '2024-05' });
		for (const account of ['601', '631', '701', '702', '751'])
			expect(balances.get(account)).toBe(0);
		expect(closingEntry(closed, { period: '2024-05' })).toBeNull();
		expect(closingEntry(entries, { period: '2024-06' })).toBeNull();
	});

	it('knows the last day of every month', () => {
		expect(['2024-02', '2023-02', '2024-04', '2024-12'].map(lastDayOfPeriod)).toEqual([
			'2024-02-29',
			'2023-02-28',
			'2024-04-30',
			'2024-12-31'
		]);
	});
});

describe('validateLedger', () => {
	it('finds nothing wrong in a journal built from ops', () => {
		expect(validateLedger(closePeriods(entries, { periods: ['2024-05', '2024-06'] }))).toEqual([]);
	});

	it('lists every problem instead of stopping at the first', () => {
		const broken: JournalEntry[] = [
			{
				id: 'a',
				date: '2024-05-01',
				description: 'x',
				kind: 'op',
				lines: [
					{ account: '101', amountCents: 1 },
					{ account: '751', amountCents: -2 }
				]
			},
			{
				id: 'a',
				date: '2024-05-02',
				description: 'x',
				kind: 'op',
				lines: [
					{ account: '101', amountCents: 1 },
					{ account: '999', amountCents: -1 }
				]
			},
			{
				id: 'c',
				date: '2024-05-30',
				description: 'x',
				kind: 'closing',
				lines: [
					{ account: '101', amountCents: 1 },
					{ account: '591', amountCents: -1 }
				]
			}
		];
		expect(validateLedger(broken).map((error) => [error.entryId, error.rule])).toEqual([
			['a', 'entry_must_balance'],
			['a', 'entry_id_must_be_unique'],
			['a', 'account_must_exist'],
			['c', 'closing_entry_must_touch_only_results_and_591'],
			['c', 'closing_entry_must_be_dated_last_day']
		]);
	});
});
