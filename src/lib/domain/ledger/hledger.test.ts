import { describe, expect, it } from 'vitest';
import { hledgerAccountName, toHledgerJournal } from './hledger';
import type { JournalEntry } from './journal';

const advance: JournalEntry = {
	id: '0190b000-0000-7000-8000-000000000001',
	opId: '0190b000-0000-7000-8000-000000000001',
	date: '2024-05-03',
	description: 'Adelanto a socio (efectivo)',
	kind: 'op',
	lines: [
		{ account: '142', amountCents: 5000, memberId: '0190a000-0000-7000-8000-00000000a0a0' },
		{ account: '101', amountCents: -5000 }
	]
};

describe('toHledgerJournal', () => {
	it('names accounts by class and PCGE code', () => {
		expect(hledgerAccountName('101')).toBe('activo:101 caja');
		expect(hledgerAccountName('465')).toBe('pasivo:465 cuentas por pagar socios');
		expect(hledgerAccountName('591')).toBe('patrimonio:591 resultados acumulados');
		expect(hledgerAccountName('601')).toBe('gastos:601 compras leche de socios');
		expect(hledgerAccountName('751')).toBe('ingresos:751 cuotas sociales');
	});

	it('declares every account with its hledger type', () => {
		const journal = toHledgerJournal([]);
		expect(journal).toContain('account activo:101 caja  ; type: A');
		expect(journal).toContain('account pasivo:465 cuentas por pagar socios  ; type: L');
		expect(journal).toContain('account patrimonio:501 aportes de socios  ; type: E');
		expect(journal).toContain('account ingresos:701 ventas leche  ; type: R');
		expect(journal).toContain('account gastos:631 servicios y gastos de gestión  ; type: X');
	});

	it('writes a transaction with its date, description, op id tag and amounts', () => {
		const lines = toHledgerJournal([advance]).split('\n');
		const start = lines.indexOf(
			'2024-05-03 Adelanto a socio (efectivo)  ; op:0190b000-0000-7000-8000-000000000001'
		);
		expect(start).toBeGreaterThan(0);
		expect(lines[start + 1]).toMatch(
			/^ {4}activo:142 cuentas por cobrar socios +50\.00 PEN {2}; socio:0190a000-0000-7000-8000-00000000a0a0$/
		);
		expect(lines[start + 2]).toMatch(/^ {4}activo:101 caja +-50\.00 PEN$/);
	});

	it('keeps text a person wrote from breaking the journal syntax', () => {
		const journal = toHledgerJournal([
			{ ...advance, description: '* (1) Gasto; luz |  mayo\nsegunda línea' }
		]);
		expect(journal).toContain('\n2024-05-03 1) Gasto luz mayo segunda línea  ; op:');
	});

	it('tags a closing entry as such', () => {
		const journal = toHledgerJournal([
			{
				id: 'close:2024-05',
				date: '2024-05-31',
				description: 'Cierre del periodo 2024-05: resultado a 591',
				kind: 'closing',
				lines: [
					{ account: '751', amountCents: 500 },
					{ account: '591', amountCents: -500 }
				]
			}
		]);
		expect(journal).toContain(
			'2024-05-31 Cierre del periodo 2024-05: resultado a 591  ; asiento:close:2024-05, cierre:'
		);
	});
});
