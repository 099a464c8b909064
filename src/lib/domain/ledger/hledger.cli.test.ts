// The cross-check an accountant would do: a generated month of a 50-member association exported
// with toHledgerJournal and read by the real hledger (Debian package `hledger`) must give the same
// balance per account as Ayni's own trial balance. Without hledger the test is skipped with a
// printed reason, except under CI=true, where a missing hledger is a failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMonth } from '../../../../tests/fixtures/domain-month';
import { moneyToCents } from '../money';
import { journalFromOps } from './book';
import { hledgerAccountName, toHledgerJournal } from './hledger';
import { closePeriods, trialBalance, validateLedger } from './reports';

function hledgerVersion(): string | null {
	try {
		return execFileSync('hledger', ['--version'], { encoding: 'utf8' }).trim();
	} catch {
		return null;
	}
}

const version = hledgerVersion();
const inCi = process.env.CI === 'true';
if (!version && !inCi) {
	console.warn(
		'hledger cross-check skipped: `hledger` is not installed (apt-get install hledger).'
	);
}

/** `hledger bal -O csv` rows → céntimos per account name; "0" or "-12.50 PEN" amounts. */
function parseBalanceCsv(csv: string): Map<string, number> {
	const balances = new Map<string, number>();
	for (const line of csv.trim().split('\n').slice(1)) {
		const match = /^"(.*)","(.*)"$/.exec(line);
		if (!match) throw new Error(`unexpected hledger line: ${line}`);
		const [, account = '', amount = ''] = match;
		if (account === 'total') continue;
		const number = amount.replace(/ ?PEN ?/, '').replaceAll(',', '');
		balances.set(account, number === '0' ? 0 : moneyToCents(number));
	}
	return balances;
}

describe.skipIf(!version && !inCi)('hledger cross-check', () => {
	it('hledger is installed', () => {
		expect(version, 'CI=true requires hledger (apt-get install hledger)').toMatch(/^hledger 1\./);
	});

	it.each([
		['as recorded', false],
		['after the month is closed into 591', true]
	])('reads a generated month %s and agrees with trialBalance per account', (_when, closed) => {
		const ops = generateMonth({ memberCount: 50, period: '2024-05', seed: 7 });
		const journal = journalFromOps(ops);
		const entries = closed ? closePeriods(journal, { periods: ['2024-05'] }) : journal;
		expect(validateLedger(entries)).toEqual([]);
		expect(entries.length).toBeGreaterThan(150);

		const folder = mkdtempSync(join(tmpdir(), 'ayni-hledger-'));
		try {
			const file = join(folder, 'libro.journal');
			writeFileSync(file, toHledgerJournal(entries));
			// --strict also checks that every account and commodity used is declared.
			execFileSync('hledger', ['-f', file, 'check', '--strict'], { encoding: 'utf8' });
			const csv = execFileSync('hledger', ['-f', file, 'bal', '-E', '-O', 'csv'], {
				encoding: 'utf8'
			});
			const theirs = parseBalanceCsv(csv);
			const ours = new Map(
				trialBalance(entries).map((row) => [
					hledgerAccountName(row.account),
					moneyToCents(row.balance)
				])
			);
			expect(Object.fromEntries(theirs)).toEqual(Object.fromEntries(ours));
			expect(ours.size).toBeGreaterThanOrEqual(10);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});
});
