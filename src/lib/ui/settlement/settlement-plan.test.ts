import { describe, expect, it } from 'vitest';
import { moneyToCents, type SettlementPayload } from '$lib/domain';
import type {
	AdvanceRow,
	ChargeRow,
	DeliveryRow,
	PaymentRow,
	PriceRow,
	SettlementRow
} from '$lib/store/schema';
import { owedToMembers, planSettlements, remainingCents } from './settlement-plan';
import { parsePeriodKey, type SettlementPeriod } from '$lib/domain/settlement-period';

// Hand-checked: S/ 1.40 base; fat ≥ 3.8 % earns +0.05, below 3.2 % loses 0.10; failed alcohol
// test rejects the milk.
const ana = '0190a000-0000-7000-8000-00000000a0a0';
const beto = '0190a000-0000-7000-8000-00000000b0b0';
const first = parsePeriodKey('2024-05-1') as SettlementPeriod;
const second = parsePeriodKey('2024-05-2') as SettlementPeriod;

const prices: PriceRow[] = [
	{
		opId: '0190c000-0000-7000-8000-000000000001',
		product: 'leche',
		pricePerLiter: '1.40',
		effectiveFrom: '2024-05-01',
		qualityRules: {
			fatBands: [
				{ minFatPct: '3.8', adjustmentPerLiter: '0.05' },
				{ minFatPct: '0', maxFatPct: '3.2', adjustmentPerLiter: '-0.10' }
			],
			rejectOnFailedAlcohol: true
		},
		date: '2024-05-01',
		hlc: '1714540000000:000000:devtest01'
	}
];

let counter = 0;
function id(): string {
	counter += 1;
	return `0190e000-0000-7000-8000-${String(counter).padStart(12, '0')}`;
}

function delivery(
	date: string,
	memberId: string,
	liters: number,
	extra: Partial<DeliveryRow> = {}
): DeliveryRow {
	return {
		opId: id(),
		memberId,
		date,
		shift: 'am',
		centiliters: liters * 100,
		rejectedCentiliters: 0,
		voided: 0,
		...extra
	};
}

const advance: AdvanceRow = {
	opId: id(),
	memberId: ana,
	date: '2024-05-10',
	amountCents: 5000,
	method: 'efectivo',
	voided: 0
};
const dues: ChargeRow = {
	opId: id(),
	memberId: ana,
	date: '2024-05-20',
	kind: 'cuota',
	amountCents: 300,
	description: 'Cuota social de mayo',
	voided: 0
};

function rowOf(payload: SettlementPayload): SettlementRow {
	return {
		opId: id(),
		settlementId: payload.settlementId,
		memberId: payload.memberId,
		date: payload.periodTo,
		periodFrom: payload.periodFrom,
		periodTo: payload.periodTo,
		grossCents: moneyToCents(payload.gross),
		carriedInCents: moneyToCents(payload.carriedIn),
		netCents: moneyToCents(payload.net),
		lines: payload.lines,
		deductions: payload.deductions,
		sourceIds: payload.deductions.map((deduction) => deduction.sourceId),
		voided: 0
	};
}

const firstDeliveries = [
	delivery('2024-05-02', ana, 10, { fatPct: '4.0' }),
	delivery('2024-05-03', ana, 10, { fatPct: '3.5' }),
	delivery('2024-05-04', ana, 5, { fatPct: '3.0' }),
	delivery('2024-05-05', ana, 8, { alcoholTest: 'fail' }),
	delivery('2024-05-06', ana, 4, { voided: 1 }),
	delivery('2024-05-06', beto, 20)
];

function planFirst(issuedForPeriod: SettlementRow[] = []) {
	return planSettlements({
		period: first,
		deliveries: firstDeliveries,
		prices,
		advances: [advance],
		charges: [dues],
		latestStatements: [],
		payments: [],
		issuedForPeriod,
		settlementIdFor: (memberId) => (memberId === ana ? id() : id()),
		describe: { advance: () => 'Adelanto' }
	});
}

describe('planSettlements', () => {
	const plan = planFirst();
	const anaStatement = plan.statements.find((statement) => statement.memberId === ana);
	if (anaStatement?.status !== 'ready') throw new Error('expected a ready statement');
	const anaFirst = anaStatement.payload;

	it('values each delivery at the price and fat adjustment in force, rejects failed milk', () => {
		expect(
			anaFirst.lines.map(({ liters, pricePerLiter, amount }) => [liters, pricePerLiter, amount])
		).toEqual([
			['10.00', '1.4500', '14.50'],
			['10.00', '1.4000', '14.00'],
			['5.00', '1.3000', '6.50'],
			['8.00', '0.0000', '0.00']
		]);
		expect(anaFirst.gross).toBe('35.00');
	});

	it('deducts the advance given in the period but not a charge dated after it', () => {
		expect(anaFirst.deductions.map((deduction) => deduction.amount)).toEqual(['50.00']);
		expect(anaFirst.net).toBe('-15.00');
	});

	it('adds up the period for the treasurer', () => {
		expect(plan.totals).toMatchObject({
			members: 2,
			ready: 2,
			grossCents: 3500 + 2800,
			deductionsCents: 5000,
			netCents: -1500 + 2800,
			acceptedCentiliters: 2500 + 2000
		});
	});

	it('carries a negative balance into the next statement', () => {
		const next = planSettlements({
			period: second,
			deliveries: [delivery('2024-05-20', ana, 20)],
			prices,
			advances: [],
			charges: [dues],
			latestStatements: [rowOf(anaFirst)],
			payments: [],
			issuedForPeriod: [],
			settlementIdFor: id,
			describe: { advance: () => 'Adelanto' }
		});
		const statement = next.statements[0];
		if (statement?.status !== 'ready') throw new Error('expected a ready statement');
		// 20 L × 1.40 = 28.00, − 3.00 dues, − 15.00 owed from the first fortnight.
		expect(statement.payload).toMatchObject({ gross: '28.00', carriedIn: '-15.00', net: '10.00' });
	});

	it('carries what was left unpaid of a positive statement, not what was paid', () => {
		const bet = planFirst().statements.find((statement) => statement.memberId === beto);
		if (bet?.status !== 'ready') throw new Error('expected a ready statement');
		const row = rowOf(bet.payload);
		const payment: PaymentRow = {
			opId: id(),
			memberId: beto,
			settlementId: row.settlementId,
			date: '2024-05-16',
			amountCents: 2000,
			method: 'yape',
			voided: 0
		};
		expect(remainingCents(row, [payment])).toBe(800);
		const next = planSettlements({
			period: second,
			deliveries: [delivery('2024-05-21', beto, 10)],
			prices,
			advances: [],
			charges: [],
			latestStatements: [row],
			payments: [payment],
			issuedForPeriod: [],
			settlementIdFor: id,
			describe: { advance: () => 'Adelanto' }
		});
		const statement = next.statements[0];
		if (statement?.status !== 'ready') throw new Error('expected a ready statement');
		expect(statement.payload).toMatchObject({ gross: '14.00', carriedIn: '8.00', net: '22.00' });
	});

	it('refuses to issue a member and period twice', () => {
		const again = planFirst([rowOf(anaFirst)]);
		const statuses = again.statements.map(({ memberId, status }) => [memberId, status]);
		expect(statuses).toEqual([
			[ana, 'issued'],
			[beto, 'ready']
		]);
		expect(again.totals).toMatchObject({ ready: 1, issued: 1, netCents: -1500 + 2800 });
	});

	it('lists what is still owed, most first, and leaves out members who owe', () => {
		const bet = planFirst().statements.find((statement) => statement.memberId === beto);
		if (bet?.status !== 'ready') throw new Error('expected a ready statement');
		const owed = owedToMembers({
			latestStatements: [rowOf(anaFirst), rowOf(bet.payload)],
			payments: []
		});
		expect(owed.map(({ memberId, owedCents }) => [memberId, owedCents])).toEqual([[beto, 2800]]);
	});
});
