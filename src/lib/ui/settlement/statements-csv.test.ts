import { describe, expect, it } from 'vitest';
import type { MemberRow, PaymentRow, SettlementRow } from '$lib/store/schema';
import { statementsCsv } from './statements-csv';

const statement = (memberId: string, netCents: number): SettlementRow => ({
	opId: `op-${memberId}`,
	settlementId: `s-${memberId}`,
	memberId,
	date: '2025-03-15',
	periodFrom: '2025-03-01',
	periodTo: '2025-03-15',
	grossCents: 50280,
	carriedInCents: 0,
	netCents,
	lines: [
		{
			description: 'Leche a S/ 1.40/L',
			liters: '348.00',
			pricePerLiter: '1.4000',
			amount: '487.20'
		},
		{
			description: 'Leche rechazada (no se paga)',
			liters: '4.00',
			pricePerLiter: '0.0000',
			amount: '0.00'
		}
	],
	deductions: [],
	sourceIds: [],
	voided: 0
});

const member = (memberId: string, code: string, fullName: string): MemberRow => ({
	memberId,
	code,
	fullName,
	retired: 0,
	fieldHlc: {}
});

describe('statementsCsv', () => {
	const payment: PaymentRow = {
		opId: 'p1',
		memberId: 'b',
		settlementId: 's-b',
		date: '2025-03-17',
		amountCents: 10000,
		method: 'yape',
		voided: 0
	};
	const csv = statementsCsv({
		statements: [statement('b', 46730), statement('a', 46730)],
		payments: [payment],
		members: new Map([
			['a', member('a', '001', 'Rosa Quispe Huamán')],
			['b', member('b', '002', '=HYPERLINK("x"), Juan')]
		])
	});
	const lines = csv.split('\r\n');

	it('starts with a byte-order mark so Excel reads the accents', () => {
		expect(csv.startsWith('\uFEFFCódigo,Socio,Desde,Hasta,')).toBe(true);
	});

	it('writes one row per statement in code order, amounts as plain decimals', () => {
		expect(lines[1]).toBe(
			'001,Rosa Quispe Huamán,2025-03-01,2025-03-15,348.00,502.80,35.50,0.00,467.30,0.00,467.30'
		);
		expect(lines[2]?.endsWith(',467.30,100.00,367.30')).toBe(true);
		expect(lines[3]).toBe('');
	});

	it('keeps a typed name as text, never as a formula', () => {
		expect(lines[2]?.startsWith(`002,"'=HYPERLINK(""x""), Juan",`)).toBe(true);
	});
});
