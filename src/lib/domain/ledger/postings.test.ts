import { describe, expect, it } from 'vitest';
import { centsToMoney } from '../money';
import type { DomainOp } from '../op-payloads';
import { journalFromOps } from './book';
import type { JournalEntry } from './journal';
import { postOp, type PostingOp } from './postings';
import { idFor, member, op } from '../../../../tests/fixtures/ledger-ops';

/** An entry as an accountant reads it: "Dr 142 50.00" / "Cr 101 50.00", in posting order. */
function readable(entry: JournalEntry | null | undefined): string[] {
	if (!entry) return [];
	return entry.lines.map((line) =>
		line.amountCents > 0
			? `Dr ${line.account} ${centsToMoney(line.amountCents)}`
			: `Cr ${line.account} ${centsToMoney(-line.amountCents)}`
	);
}

function posted(ledgerOp: PostingOp): string[] {
	const result = postOp(ledgerOp);
	if (result === null) return [];
	if (!result.ok) throw new Error(result.reason);
	return readable(result.entry);
}

const id = idFor('op');

describe('posting rules (DESIGN.md section 6)', () => {
	it.each<[string, PostingOp, string[]]>([
		[
			'a cash advance leaves the box',
			op('advance.given', { memberId: member.ana, amount: '50.00', method: 'efectivo' }, { id }),
			['Dr 142 50.00', 'Cr 101 50.00']
		],
		[
			'a Yape advance leaves the bank',
			op('advance.given', { memberId: member.ana, amount: '50.00', method: 'yape' }, { id }),
			['Dr 142 50.00', 'Cr 104 50.00']
		],
		[
			'inputs on credit are a receivable and a sale',
			op(
				'charge.recorded',
				{ memberId: member.ana, kind: 'insumo', amount: '35.40', description: 'Sal mineral' },
				{ id }
			),
			['Dr 142 35.40', 'Cr 702 35.40']
		],
		[
			'transport charged to a member is other income',
			op(
				'charge.recorded',
				{ memberId: member.ana, kind: 'transporte', amount: '8.00', description: 'Flete' },
				{ id }
			),
			['Dr 142 8.00', 'Cr 759 8.00']
		],
		[
			'other charges are other income too',
			op(
				'charge.recorded',
				{ memberId: member.ana, kind: 'otro', amount: '3.00', description: 'Análisis' },
				{ id }
			),
			['Dr 142 3.00', 'Cr 759 3.00']
		],
		[
			'dues post nothing until a statement withholds them',
			op(
				'charge.recorded',
				{ memberId: member.ana, kind: 'cuota', amount: '5.00', description: 'Cuota' },
				{ id }
			),
			[]
		],
		[
			'capital contributions post nothing until withheld',
			op(
				'charge.recorded',
				{ memberId: member.ana, kind: 'aporte', amount: '10.00', description: 'Aporte' },
				{ id }
			),
			[]
		],
		[
			'a statement buys the milk and withholds every kind of deduction',
			op(
				'settlement.issued',
				{
					settlementId: idFor('settlement'),
					memberId: member.ana,
					periodFrom: '2024-05-01',
					periodTo: '2024-05-15',
					lines: [
						{ description: 'Leche', liters: '400', pricePerLiter: '1.3000', amount: '520.00' }
					],
					gross: '520.00',
					deductions: [
						{ kind: 'adelanto', sourceId: idFor('a1'), amount: '50.00', description: 'Adelanto' },
						{ kind: 'insumo', sourceId: idFor('c1'), amount: '35.40', description: 'Sal' },
						{ kind: 'transporte', sourceId: idFor('c2'), amount: '8.00', description: 'Flete' },
						{ kind: 'otro', sourceId: idFor('c3'), amount: '3.00', description: 'Análisis' },
						{ kind: 'cuota', sourceId: idFor('c4'), amount: '5.00', description: 'Cuota' },
						{ kind: 'aporte', sourceId: idFor('c5'), amount: '10.00', description: 'Aporte' }
					],
					carriedIn: '-12.00',
					net: '396.60'
				},
				{ id }
			),
			[
				'Dr 601 520.00',
				'Cr 465 520.00',
				'Dr 465 111.40',
				'Cr 142 96.40',
				'Cr 501 10.00',
				'Cr 751 5.00'
			]
		],
		[
			'a statement without deductions is two lines',
			op(
				'settlement.issued',
				{
					settlementId: idFor('settlement'),
					memberId: member.ana,
					periodFrom: '2024-05-01',
					periodTo: '2024-05-15',
					lines: [],
					gross: '100.00',
					deductions: [],
					carriedIn: '0.00',
					net: '100.00'
				},
				{ id }
			),
			['Dr 601 100.00', 'Cr 465 100.00']
		],
		[
			'a statement of nothing posts nothing',
			op(
				'settlement.issued',
				{
					settlementId: idFor('settlement'),
					memberId: member.ana,
					periodFrom: '2024-05-01',
					periodTo: '2024-05-15',
					lines: [],
					gross: '0.00',
					deductions: [],
					carriedIn: '-4.00',
					net: '-4.00'
				},
				{ id }
			),
			[]
		],
		[
			'a payment by transfer settles what is owed from the bank',
			op(
				'payment.made',
				{ memberId: member.ana, amount: '396.60', method: 'transferencia', reference: 'Op. 123' },
				{ id }
			),
			['Dr 465 396.60', 'Cr 104 396.60']
		],
		[
			'a cash payment comes out of the box',
			op('payment.made', { memberId: member.ana, amount: '20.00', method: 'efectivo' }, { id }),
			['Dr 465 20.00', 'Cr 101 20.00']
		],
		[
			'a credit sale is owed by the buyer',
			op(
				'sale.recorded',
				{
					saleId: idFor('sale'),
					buyer: 'Planta Laive',
					lines: [{ item: 'Leche', quantity: '1000', unit: 'L', unitPrice: '1.5200' }],
					total: '1520.00',
					terms: 'credito'
				},
				{ id }
			),
			['Dr 121 1520.00', 'Cr 701 1520.00']
		],
		[
			'a cash sale goes into the box',
			op(
				'sale.recorded',
				{
					saleId: idFor('sale'),
					buyer: 'Quesería',
					lines: [{ item: 'Leche', quantity: '50', unit: 'L', unitPrice: '1.8000' }],
					total: '90.00',
					terms: 'contado'
				},
				{ id }
			),
			['Dr 101 90.00', 'Cr 701 90.00']
		],
		[
			'a collection by transfer lands in the bank',
			op(
				'sale.collected',
				{ saleId: idFor('sale'), amount: '1520.00', method: 'transferencia' },
				{ id }
			),
			['Dr 104 1520.00', 'Cr 121 1520.00']
		],
		[
			'an expense paid from the box',
			op(
				'expense.recorded',
				{ category: 'Luz', amount: '45.90', description: 'Recibo de mayo', paidFrom: 'caja' },
				{ id }
			),
			['Dr 631 45.90', 'Cr 101 45.90']
		],
		[
			'an expense paid from the bank',
			op(
				'expense.recorded',
				{ category: 'Luz', amount: '45.90', description: 'Recibo de mayo', paidFrom: 'banco' },
				{ id }
			),
			['Dr 631 45.90', 'Cr 104 45.90']
		]
	])('%s', (_why, ledgerOp, lines) => {
		expect(posted(ledgerOp)).toEqual(lines);
	});

	it('tags the member on receivable and payable lines', () => {
		const result = postOp(
			op('advance.given', { memberId: member.beto, amount: '1.00', method: 'plin' }, { id })
		);
		expect(result?.ok && result.entry.lines.map((line) => line.memberId)).toEqual([
			member.beto,
			undefined
		]);
	});

	it.each(['0.001', '1.2.3', 'doce'])('refuses, with a reason, an amount of %j', (amount) => {
		const result = postOp(
			op('advance.given', { memberId: member.ana, amount, method: 'efectivo' }, { id })
		);
		expect(result).toMatchObject({ ok: false, reason: 'amount_must_be_whole_centimos' });
	});
});

describe('voids post the exact reversal of their target', () => {
	const advance = op(
		'advance.given',
		{ memberId: member.ana, amount: '50.00', method: 'efectivo' },
		{ id: idFor('advance'), date: '2024-05-03' }
	);
	const voidAdvance = (label: string, date: string, hlc?: string) =>
		op(
			'advance.voided',
			{ targetId: advance.id, reason: 'Monto equivocado' },
			{ id: idFor(label), date, ...(hlc ? { hlc } : {}) }
		);

	const journal = (ops: DomainOp[]) =>
		journalFromOps(ops).map((entry) => ({
			id: entry.id,
			date: entry.date,
			lines: readable(entry)
		}));

	it('on the void’s own date, so a closed month is never touched', () => {
		expect(journal([advance, voidAdvance('void', '2024-06-02')])).toEqual([
			{ id: advance.id, date: '2024-05-03', lines: ['Dr 142 50.00', 'Cr 101 50.00'] },
			{ id: idFor('void'), date: '2024-06-02', lines: ['Cr 142 50.00', 'Dr 101 50.00'] }
		]);
	});

	it('even when the void arrives before the op it voids', () => {
		expect(journal([voidAdvance('void', '2024-05-04'), advance])).toEqual(
			journal([advance, voidAdvance('void', '2024-05-04')])
		);
	});

	it('only once when two devices void the same op: the earliest void wins', () => {
		const late = voidAdvance('void-late', '2024-05-05');
		const early = voidAdvance('void-early', '2024-05-04');
		const entries = journal([advance, late, early]);
		expect(entries.map((entry) => entry.id)).toEqual([advance.id, idFor('void-early')]);
	});

	it('not at all when the void names an op of another kind or an unknown op', () => {
		const wrongKind = op(
			'payment.voided',
			{ targetId: advance.id, reason: 'Error' },
			{ id: idFor('wrong'), date: '2024-05-04' }
		);
		const unknown = op(
			'expense.voided',
			{ targetId: idFor('nothing'), reason: 'Error' },
			{ id: idFor('unknown'), date: '2024-05-04' }
		);
		expect(journal([advance, wrongKind, unknown]).map((entry) => entry.id)).toEqual([advance.id]);
	});

	it('and nothing for a charge that posted nothing', () => {
		const dues = op(
			'charge.recorded',
			{ memberId: member.ana, kind: 'cuota', amount: '5.00', description: 'Cuota' },
			{ id: idFor('dues') }
		);
		const voided = op('charge.voided', { targetId: dues.id, reason: 'Doble' }, { id: idFor('v') });
		expect(journal([dues, voided])).toEqual([]);
	});

	it('a sale void may undo the sale or one of its collections', () => {
		const collected = op(
			'sale.collected',
			{ saleId: idFor('sale'), amount: '10.00', method: 'efectivo' },
			{ id: idFor('collected') }
		);
		const voided = op(
			'sale.voided',
			{ targetId: collected.id, reason: 'Cheque rechazado' },
			{ id: idFor('v') }
		);
		expect(journal([collected, voided]).map((entry) => entry.lines)).toEqual([
			['Dr 101 10.00', 'Cr 121 10.00'],
			['Cr 101 10.00', 'Dr 121 10.00']
		]);
	});
});
