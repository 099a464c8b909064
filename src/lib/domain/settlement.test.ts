import { describe, expect, it } from 'vitest';
import { compilePriceSchedule, type PriceRecord } from './pricing';
import {
	checkSettlement,
	computeSettlement,
	computeSettlements,
	type DeliveryRecord,
	type SettlementPayload
} from './settlement';

const ana = '0190a000-0000-7000-8000-00000000a0a0';
const beto = '0190a000-0000-7000-8000-00000000b0b0';
const statementId = '0190d000-0000-7000-8000-000000000001';

const prices: PriceRecord[] = [
	{
		hlc: '1714540000000:000000:a',
		payload: {
			product: 'leche',
			pricePerLiter: '1.3000',
			effectiveFrom: '2024-05-01',
			qualityRules: {
				fatBands: [
					{ minFatPct: '0', maxFatPct: '3.2', adjustmentPerLiter: '-0.0500' },
					{ minFatPct: '3.6', maxFatPct: '4', adjustmentPerLiter: '0.0400' },
					{ minFatPct: '4', adjustmentPerLiter: '0.0825' }
				],
				rejectOnFailedAlcohol: true
			}
		}
	}
];
const schedule = () => compilePriceSchedule(prices);

let counter = 0;
function delivery(
	date: string,
	payload: Partial<DeliveryRecord['payload']> & { liters: string },
	memberId = ana
): DeliveryRecord {
	counter += 1;
	return {
		id: `0190e000-0000-7000-8000-${String(counter).padStart(12, '0')}`,
		date,
		payload: { memberId, shift: counter % 2 ? 'am' : 'pm', ...payload }
	};
}

/** Ana's first fortnight of May, with a bit of everything a collection point sees. */
const voided = delivery('2024-05-04', { liters: '20', fatPct: '3.5' });
const fortnight = [
	delivery('2024-05-01', { liters: '10.5', fatPct: '3.5' }),
	delivery('2024-05-01', { liters: '12.25', fatPct: '3.7' }),
	delivery('2024-05-02', { liters: '8', fatPct: '3.1' }),
	delivery('2024-05-02', { liters: '9.75', fatPct: '3.65' }),
	delivery('2024-05-03', { liters: '11', fatPct: '3.6', alcoholTest: 'fail' }),
	delivery('2024-05-03', {
		liters: '10',
		fatPct: '4.2',
		rejectedLiters: '2',
		rejectReason: 'Sucia'
	}),
	delivery('2024-05-04', { liters: '7.33' }),
	voided,
	delivery('2024-05-04', { liters: '30', fatPct: '3.5' }, beto),
	delivery('2024-05-16', { liters: '15', fatPct: '3.5' })
];

describe('computeSettlement', () => {
	const result = computeSettlement({
		settlementId: statementId,
		memberId: ana,
		periodFrom: '2024-05-01',
		periodTo: '2024-05-15',
		deliveries: fortnight,
		schedule: schedule(),
		voidedIds: new Set([voided.id]),
		deductions: [
			{
				kind: 'cuota',
				sourceId: '0190f000-0000-7000-8000-000000000002',
				amount: '5.00',
				description: 'Cuota'
			},
			{
				kind: 'adelanto',
				sourceId: '0190f000-0000-7000-8000-000000000001',
				amount: '20.00',
				description: 'Adelanto'
			}
		],
		carriedIn: '-3.50'
	});
	if (!result.ok) throw new Error(result.rule);
	const statement = result.payload;

	it('has one line per price, highest first, each rounded once', () => {
		expect(statement.lines).toEqual([
			{
				description: 'Leche a S/ 1.30/L, bonificación por grasa S/ 0.0825/L',
				liters: '8.00',
				pricePerLiter: '1.3825',
				amount: '11.06'
			},
			{
				description: 'Leche a S/ 1.30/L, bonificación por grasa S/ 0.04/L',
				liters: '22.00',
				pricePerLiter: '1.3400',
				amount: '29.48'
			},
			// 17.83 L × 1.30 = 23.179 → 23.18
			{
				description: 'Leche a S/ 1.30/L',
				liters: '17.83',
				pricePerLiter: '1.3000',
				amount: '23.18'
			},
			{
				description: 'Leche a S/ 1.30/L, descuento por grasa S/ 0.05/L',
				liters: '8.00',
				pricePerLiter: '1.2500',
				amount: '10.00'
			},
			// 11 L failed the alcohol test and 2 L were set aside by the collector.
			{
				description: 'Leche rechazada (no se paga)',
				liters: '13.00',
				pricePerLiter: '0.0000',
				amount: '0.00'
			}
		]);
	});

	it('adds the lines, takes the deductions and the carried balance', () => {
		expect(statement).toMatchObject({
			settlementId: statementId,
			memberId: ana,
			gross: '73.72',
			carriedIn: '-3.50',
			net: '45.22'
		});
		// Deductions in a fixed order (kind, then source), whatever order they were passed in.
		expect(statement.deductions.map((deduction) => deduction.kind)).toEqual(['adelanto', 'cuota']);
	});

	it('passes its own arithmetic check', () => {
		expect(checkSettlement(statement)).toEqual([]);
	});

	it('rounds the line, not each delivery: three 1.11 L deliveries make S/ 4.33, not 4.32', () => {
		const small = ['2024-05-01', '2024-05-02', '2024-05-03'].map((date) =>
			delivery(date, { liters: '1.11', fatPct: '3.5' })
		);
		const three = computeSettlement({
			settlementId: statementId,
			memberId: ana,
			periodFrom: '2024-05-01',
			periodTo: '2024-05-15',
			deliveries: small,
			schedule: schedule()
		});
		expect(three.ok && three.payload.lines.map((line) => [line.liters, line.amount])).toEqual([
			['3.33', '4.33']
		]);
	});

	it('refuses to issue a statement for deliveries no price covers', () => {
		const early = delivery('2024-04-30', { liters: '5' });
		const refused = computeSettlement({
			settlementId: statementId,
			memberId: ana,
			periodFrom: '2024-04-16',
			periodTo: '2024-05-15',
			deliveries: [early],
			schedule: schedule()
		});
		expect(refused).toEqual({
			ok: false,
			memberId: ana,
			rule: 'price_must_be_set_for_every_delivery_date',
			deliveryIds: [early.id]
		});
	});

	it('a member with only deductions gets a statement with a negative net', () => {
		const none = computeSettlement({
			settlementId: statementId,
			memberId: beto,
			periodFrom: '2024-05-05',
			periodTo: '2024-05-15',
			deliveries: fortnight,
			schedule: schedule(),
			deductions: [
				{
					kind: 'insumo',
					sourceId: '0190f000-0000-7000-8000-000000000003',
					amount: '12.00',
					description: 'Sal'
				}
			]
		});
		expect(none.ok && [none.payload.lines, none.payload.gross, none.payload.net]).toEqual([
			[],
			'0.00',
			'-12.00'
		]);
	});
});

describe('computeSettlements', () => {
	it('issues one statement per member in member order, in one pass', () => {
		const results = computeSettlements({
			periodFrom: '2024-05-01',
			periodTo: '2024-05-15',
			deliveries: fortnight,
			schedule: schedule(),
			voidedIds: new Set([voided.id]),
			settlementIdFor: (memberId) =>
				memberId === ana ? statementId : '0190d000-0000-7000-8000-000000000002'
		});
		expect(
			results.map((result) => result.ok && [result.payload.memberId, result.payload.gross])
		).toEqual([
			[ana, '73.72'],
			[beto, '39.00']
		]);
	});
});

describe('checkSettlement', () => {
	const good: SettlementPayload = {
		settlementId: statementId,
		memberId: ana,
		periodFrom: '2024-05-01',
		periodTo: '2024-05-15',
		lines: [{ description: 'Leche', liters: '17.83', pricePerLiter: '1.3000', amount: '23.18' }],
		gross: '23.18',
		deductions: [
			{
				kind: 'adelanto',
				sourceId: '0190f000-0000-7000-8000-000000000001',
				amount: '3.00',
				description: 'Adelanto'
			}
		],
		carriedIn: '1.00',
		net: '21.18'
	};

	it('accepts a statement whose numbers add up', () => {
		expect(checkSettlement(good)).toEqual([]);
	});

	it('lists every mismatch at once', () => {
		const bad: SettlementPayload = {
			...good,
			periodTo: '2024-04-30',
			lines: [{ ...good.lines[0]!, amount: '23.17' }],
			deductions: [good.deductions[0]!, good.deductions[0]!],
			net: '0.00'
		};
		expect(checkSettlement(bad).map((error) => error.rule)).toEqual([
			'period_must_not_end_before_it_starts',
			'line_amount_must_equal_liters_times_price',
			'gross_must_equal_sum_of_lines',
			'deduction_must_be_taken_once',
			'net_must_equal_gross_minus_deductions_plus_carried_in'
		]);
	});
});
