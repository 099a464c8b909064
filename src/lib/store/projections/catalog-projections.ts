// Each op type's projection, registered by type. The record is typed over the whole catalog, so a
// new op type does not compile until it says how it is projected. Most types are "one op, one
// row"; the few that change existing records (settings, members, voids, periods) say so by kind.
import type { OpOfType, OpType } from '$lib/ops/catalog';
import { litersToCentiliters, moneyToCents } from '$lib/domain/fixed-point';
import type {
	AdvanceRow,
	ChargeRow,
	DeliveryRow,
	ExpenseRow,
	PaymentRow,
	PriceRow,
	SaleCollectionRow,
	SaleRow,
	SettlementRow
} from '../schema';

/**
 * Row tables a void can take an op out of, with the row each holds. A void applies to an op of its
 * own entity (the part of the type before the dot): `sale.voided` to a sale or a collection.
 */
export interface VoidableRows {
	deliveries: DeliveryRow;
	saleCollections: SaleCollectionRow;
	advances: AdvanceRow;
	charges: ChargeRow;
	settlements: SettlementRow;
	payments: PaymentRow;
	sales: SaleRow;
	expenses: ExpenseRow;
}
export type VoidableTable = keyof VoidableRows;

export interface PlainRows {
	prices: PriceRow;
}

/** Rows are written with `voided: 0`; the engine sets it from the voids table. */
type Unvoided<Row> = Omit<Row, 'voided' | 'voidedBy'>;

export type Projection<T extends OpType> =
	| { kind: 'association' }
	| { kind: 'member' }
	| { kind: 'period' }
	| {
			kind: 'void';
			targetId: (op: OpOfType<T>) => string;
			reason: (op: OpOfType<T>) => string;
	  }
	| {
			[Table in VoidableTable]: {
				kind: 'voidableRow';
				table: Table;
				toRow: (op: OpOfType<T>) => Unvoided<VoidableRows[Table]>;
			};
	  }[VoidableTable]
	| {
			[Table in keyof PlainRows]: {
				kind: 'row';
				table: Table;
				toRow: (op: OpOfType<T>) => PlainRows[Table];
			};
	  }[keyof PlainRows];

const cents = moneyToCents;

export const catalogProjections: { [T in OpType]: Projection<T> } = {
	'association.configured': { kind: 'association' },
	'member.registered': { kind: 'member' },
	'member.updated': { kind: 'member' },
	'member.retired': { kind: 'member' },
	'price.set': {
		kind: 'row',
		table: 'prices',
		toRow: ({ id, date, hlc, payload }) => ({
			opId: id,
			product: payload.product,
			pricePerLiter: payload.pricePerLiter,
			effectiveFrom: payload.effectiveFrom,
			...(payload.qualityRules ? { qualityRules: payload.qualityRules } : {}),
			date,
			hlc
		})
	},
	'delivery.recorded': {
		kind: 'voidableRow',
		table: 'deliveries',
		toRow: ({ id, date, payload }) => {
			const row: Unvoided<DeliveryRow> = {
				opId: id,
				memberId: payload.memberId,
				date,
				shift: payload.shift,
				centiliters: litersToCentiliters(payload.liters),
				rejectedCentiliters: payload.rejectedLiters
					? litersToCentiliters(payload.rejectedLiters)
					: 0
			};
			if (payload.fatPct !== undefined) row.fatPct = payload.fatPct;
			if (payload.density !== undefined) row.density = payload.density;
			if (payload.acidityD !== undefined) row.acidityD = payload.acidityD;
			if (payload.alcoholTest !== undefined) row.alcoholTest = payload.alcoholTest;
			if (payload.rejectReason !== undefined) row.rejectReason = payload.rejectReason;
			return row;
		}
	},
	'delivery.voided': {
		kind: 'void',
		targetId: (op) => op.payload.deliveryId,
		reason: (op) => op.payload.reason
	},
	'advance.given': {
		kind: 'voidableRow',
		table: 'advances',
		toRow: ({ id, date, payload }) => ({
			opId: id,
			memberId: payload.memberId,
			date,
			amountCents: cents(payload.amount),
			method: payload.method
		})
	},
	'advance.voided': voidOf(),
	'charge.recorded': {
		kind: 'voidableRow',
		table: 'charges',
		toRow: ({ id, date, payload }) => ({
			opId: id,
			memberId: payload.memberId,
			date,
			kind: payload.kind,
			amountCents: cents(payload.amount),
			description: payload.description
		})
	},
	'charge.voided': voidOf(),
	'settlement.issued': {
		kind: 'voidableRow',
		table: 'settlements',
		toRow: ({ id, date, payload }) => ({
			opId: id,
			settlementId: payload.settlementId,
			memberId: payload.memberId,
			date,
			periodFrom: payload.periodFrom,
			periodTo: payload.periodTo,
			grossCents: cents(payload.gross),
			carriedInCents: cents(payload.carriedIn),
			netCents: cents(payload.net),
			lines: payload.lines,
			deductions: payload.deductions,
			sourceIds: [...new Set(payload.deductions.map((deduction) => deduction.sourceId))]
		})
	},
	'settlement.voided': voidOf(),
	'payment.made': {
		kind: 'voidableRow',
		table: 'payments',
		toRow: ({ id, date, payload }) => ({
			opId: id,
			memberId: payload.memberId,
			...(payload.settlementId ? { settlementId: payload.settlementId } : {}),
			date,
			amountCents: cents(payload.amount),
			method: payload.method,
			...(payload.reference ? { reference: payload.reference } : {})
		})
	},
	'payment.voided': voidOf(),
	'sale.recorded': {
		kind: 'voidableRow',
		table: 'sales',
		toRow: ({ id, date, payload }) => ({
			opId: id,
			saleId: payload.saleId,
			date,
			buyer: payload.buyer,
			lines: payload.lines,
			totalCents: cents(payload.total),
			terms: payload.terms
		})
	},
	'sale.collected': {
		kind: 'voidableRow',
		table: 'saleCollections',
		toRow: ({ id, date, payload }) => ({
			opId: id,
			saleId: payload.saleId,
			date,
			amountCents: cents(payload.amount),
			method: payload.method
		})
	},
	'sale.voided': voidOf(),
	'expense.recorded': {
		kind: 'voidableRow',
		table: 'expenses',
		toRow: ({ id, date, payload }) => ({
			opId: id,
			date,
			category: payload.category,
			amountCents: cents(payload.amount),
			description: payload.description,
			paidFrom: payload.paidFrom
		})
	},
	'expense.voided': voidOf(),
	'period.closed': { kind: 'period' },
	'period.reopened': { kind: 'period' }
};

type RecordVoidType =
	| 'advance.voided'
	| 'charge.voided'
	| 'settlement.voided'
	| 'payment.voided'
	| 'sale.voided'
	| 'expense.voided';

function voidOf<T extends RecordVoidType>(): Projection<T> {
	const payloadOf = (op: OpOfType<T>) =>
		(op as { payload: unknown }).payload as { targetId: string; reason: string };
	return {
		kind: 'void',
		targetId: (op) => payloadOf(op).targetId,
		reason: (op) => payloadOf(op).reason
	};
}

/** Where the ops of each entity that a void may target are projected. */
export const voidableTablesByEntity: Readonly<Record<string, readonly VoidableTable[]>> = {
	delivery: ['deliveries'],
	advance: ['advances'],
	charge: ['charges'],
	settlement: ['settlements'],
	payment: ['payments'],
	sale: ['sales', 'saleCollections'],
	expense: ['expenses']
};

/** "sale.collected" → "sale". */
export function entityOf(type: string): string {
	return type.slice(0, type.indexOf('.'));
}
