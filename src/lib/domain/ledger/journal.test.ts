import { describe, expect, it } from 'vitest';
import { defineChart } from './accounts';
import { createEntry, createEntryFromText, periodOf, reverseEntry } from './journal';

const draft = { id: 'adj-1', date: '2024-05-31', description: 'Ajuste' };

describe('createEntry: balanced to the céntimo or refused with a reason', () => {
	it('accepts a balanced entry and drops zero lines', () => {
		const result = createEntry({
			...draft,
			lines: [
				{ account: '101', amountCents: 1000 },
				{ account: '104', amountCents: 0 },
				{ account: '751', amountCents: -1000 }
			]
		});
		expect(result.ok && result.entry.lines).toEqual([
			{ account: '101', amountCents: 1000 },
			{ account: '751', amountCents: -1000 }
		]);
		expect(result.ok && result.entry.kind).toBe('op');
	});

	it.each([
		[
			'entry_must_balance',
			[
				{ account: '101', amountCents: 1000 },
				{ account: '751', amountCents: -999 }
			]
		],
		['entry_must_have_two_lines', [{ account: '101', amountCents: 1000 }]],
		['entry_must_have_two_lines', [{ account: '101', amountCents: 0 }]],
		[
			'account_must_exist',
			[
				{ account: '101', amountCents: 1000 },
				{ account: '999', amountCents: -1000 }
			]
		],
		[
			'amount_must_be_whole_centimos',
			[
				{ account: '101', amountCents: 10.5 },
				{ account: '751', amountCents: -10.5 }
			]
		]
	])('refuses: %s', (reason, lines) => {
		expect(createEntry({ ...draft, lines })).toMatchObject({ ok: false, reason });
	});

	it('refuses a date that is not YYYY-MM-DD', () => {
		expect(
			createEntry({
				...draft,
				date: '31/05/2024',
				lines: [
					{ account: '101', amountCents: 1 },
					{ account: '751', amountCents: -1 }
				]
			})
		).toMatchObject({ ok: false, reason: 'date_must_be_yyyy_mm_dd' });
	});

	it('checks accounts against the chart it is given', () => {
		const extended = defineChart([
			{
				code: '582',
				name: 'Fondo de educación',
				shortName: 'fondo de educación',
				accountClass: 'patrimonio'
			}
		]);
		if (!extended.ok) throw new Error('chart');
		const lines = [
			{ account: '591', amountCents: 500 },
			{ account: '582', amountCents: -500 }
		];
		expect(createEntry({ ...draft, lines }).ok).toBe(false);
		expect(createEntry({ ...draft, lines }, extended.chart).ok).toBe(true);
	});
});

describe('createEntryFromText: a manual adjustment typed as debits and credits', () => {
	it('reads debit and credit text', () => {
		const result = createEntryFromText({
			...draft,
			lines: [
				{ account: '101', debit: '12.50' },
				{ account: '751', credit: '12.50' }
			]
		});
		expect(result.ok && result.entry.lines).toEqual([
			{ account: '101', amountCents: 1250 },
			{ account: '751', amountCents: -1250 }
		]);
	});

	it.each([
		['line_must_be_debit_or_credit', [{ account: '101', debit: '1.00', credit: '1.00' }]],
		['line_must_be_debit_or_credit', [{ account: '101' }]],
		['amount_must_be_whole_centimos', [{ account: '101', debit: '1.005' }]],
		['amount_must_be_whole_centimos', [{ account: '101', debit: '-1.00' }]],
		[
			'entry_must_balance',
			[
				{ account: '101', debit: '1.00' },
				{ account: '751', credit: '0.99' }
			]
		]
	])('refuses: %s', (reason, lines) => {
		expect(createEntryFromText({ ...draft, lines })).toMatchObject({ ok: false, reason });
	});
});

describe('chart of accounts', () => {
	it.each([
		[{ code: '101', name: 'Caja chica', shortName: 'caja chica' }, 'account_code_must_be_unique'],
		[{ code: 'X1', name: 'Mal', shortName: 'mal' }, 'account_code_must_be_digits'],
		[{ code: '102', name: 'Mal', shortName: 'caja; chica' }, 'account_name_must_be_exportable'],
		[{ code: '102', name: 'Mal', shortName: 'caja  chica' }, 'account_name_must_be_exportable']
	])('refuses an account that would break the books: %o', (account, rule) => {
		const result = defineChart([{ ...account, accountClass: 'activo' }]);
		expect(result.ok ? [] : result.errors.map((error) => error.rule)).toContain(rule);
	});
});

describe('helpers', () => {
	it('a date belongs to its month', () => {
		expect(periodOf('2024-02-29')).toBe('2024-02');
	});

	it('a reversal swaps every side and keeps members', () => {
		const entry = {
			...draft,
			kind: 'op' as const,
			lines: [
				{ account: '142', amountCents: 100, memberId: 'm' },
				{ account: '101', amountCents: -100 }
			]
		};
		const reversed = reverseEntry(entry, {
			id: 'v',
			opId: 'v',
			date: '2024-06-01',
			description: 'Anulación'
		});
		expect(reversed.lines).toEqual([
			{ account: '142', amountCents: -100, memberId: 'm' },
			{ account: '101', amountCents: 100 }
		]);
	});
});
