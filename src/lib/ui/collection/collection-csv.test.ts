import { describe, expect, it } from 'vitest';
import type { DeliveryRow, MemberRow } from '$lib/store/schema';
import { collectionCsv } from './collection-csv';

const members = new Map<string, MemberRow>([
	[
		'm1',
		{ memberId: 'm1', code: '002', fullName: 'Rosa Huamán, "la lechera"', retired: 0, fieldHlc: {} }
	],
	['m2', { memberId: 'm2', code: '001', fullName: '=Juan Poma', retired: 0, fieldHlc: {} }]
]);

function delivery(over: Partial<DeliveryRow>): DeliveryRow {
	return {
		opId: 'o',
		memberId: 'm1',
		date: '2025-05-02',
		shift: 'am',
		centiliters: 1250,
		rejectedCentiliters: 0,
		voided: 0,
		...over
	};
}

describe('collectionCsv', () => {
	it('writes a BOM, a header, quoted text and point decimals, sorted by date, shift and code', () => {
		const text = collectionCsv({
			deliveries: [
				delivery({ opId: 'b', date: '2025-05-02', shift: 'pm', fatPct: '3.600' }),
				delivery({ opId: 'a', memberId: 'm1', date: '2025-05-01' }),
				delivery({
					opId: 'c',
					memberId: 'm2',
					date: '2025-05-01',
					rejectedCentiliters: 1250,
					alcoholTest: 'fail',
					rejectReason: 'Alcohol'
				}),
				delivery({ opId: 'd', memberId: 'm2', date: '2025-05-02', shift: 'pm', voided: 1 })
			],
			members,
			labels: {
				header: [
					'Código',
					'Socio',
					'Fecha',
					'Turno',
					'Litros',
					'Rechazados',
					'Aceptados',
					'Grasa',
					'Densidad',
					'Acidez',
					'Alcohol',
					'Motivo',
					'Estado'
				],
				shift: (shift) => (shift === 'am' ? 'Mañana' : 'Tarde'),
				alcohol: (test) => (test === 'fail' ? 'Positiva' : test === 'pass' ? 'Negativa' : ''),
				state: (voided) => (voided ? 'Anulada' : 'Válida')
			}
		});
		expect(text.startsWith('\uFEFFCódigo,Socio,Fecha')).toBe(true);
		expect(text.split('\r\n').slice(1, 5)).toEqual([
			"001,'=Juan Poma,2025-05-01,Mañana,12.50,12.50,0.00,,,,Positiva,Alcohol,Válida",
			'002,"Rosa Huamán, ""la lechera""",2025-05-01,Mañana,12.50,0.00,12.50,,,,,,Válida',
			"001,'=Juan Poma,2025-05-02,Tarde,12.50,0.00,0.00,,,,,,Anulada",
			'002,"Rosa Huamán, ""la lechera""",2025-05-02,Tarde,12.50,0.00,12.50,3.600,,,,,Válida'
		]);
	});
});
