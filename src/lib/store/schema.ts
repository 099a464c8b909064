// The IndexedDB schema: the op log, the device's own facts (meta), and the projections later
// screens read. Every version that ever shipped stays declared here forever, in order, because a
// phone may open the app after skipping many releases and Dexie upgrades it one version at a time.
import { Dexie, type EntityTable } from 'dexie';
import type { CatalogOp } from '$lib/ops/catalog';

/**
 * pending: recorded here, not yet accepted by the server. synced: the server has it.
 * rejected: the server refused it (the reason says which rule). local: never leaves the device
 * except in the person's own backup: the producer's private book, and the sample association
 * loaded to try the app.
 */
export const opStatuses = ['pending', 'synced', 'rejected', 'local'] as const;
export type OpStatus = (typeof opStatuses)[number];

export type StoredOp = CatalogOp & { status: OpStatus; rejectReason?: string };

export interface MetaRow {
	key: string;
	value: unknown;
}

/** 0/1 rather than booleans: IndexedDB cannot index booleans. */
export type Flag = 0 | 1;

/** Per-field last-writer-wins: the HLC of the op that gave each field its current value. */
export type FieldHlc = Record<string, string>;

export interface AssociationRow {
	associationId: string;
	name: string;
	legalForm: string;
	ruc?: string;
	district: string;
	settlementCycle: string;
	transparency: string;
	fieldHlc: FieldHlc;
}

/**
 * A member as their ops say. A row can exist before its `member.registered` op arrives (an update
 * synced first); such a row has no `registeredOpId` and screens leave it out.
 */
export interface MemberRow {
	memberId: string;
	registeredOpId?: string;
	code?: string;
	fullName?: string;
	dni?: string;
	phone?: string;
	district?: string;
	activities?: string[];
	joinedOn?: string;
	retired: Flag;
	retiredOn?: string;
	retiredReason?: string;
	fieldHlc: FieldHlc;
}

export interface PriceRow {
	opId: string;
	product: string;
	/** Text with up to 4 decimals, as recorded: prices are multiplied in the domain, never summed. */
	pricePerLiter: string;
	effectiveFrom: string;
	qualityRules?: unknown;
	date: string;
	hlc: string;
}

/** What a void takes out of the totals without deleting it. */
interface Voidable {
	voided: Flag;
	/** The op id of the void that took it out. */
	voidedBy?: string;
}

export interface DeliveryRow extends Voidable {
	opId: string;
	memberId: string;
	date: string;
	shift: 'am' | 'pm';
	/** Liters × 100 as an integer, so that month sums are exact integer additions. */
	centiliters: number;
	rejectedCentiliters: number;
	fatPct?: string;
	density?: string;
	acidityD?: string;
	alcoholTest?: 'pass' | 'fail';
	rejectReason?: string;
}

export interface AdvanceRow extends Voidable {
	opId: string;
	memberId: string;
	date: string;
	amountCents: number;
	method: string;
}

export interface ChargeRow extends Voidable {
	opId: string;
	memberId: string;
	date: string;
	kind: string;
	amountCents: number;
	description: string;
}

export interface SettlementRow extends Voidable {
	opId: string;
	settlementId: string;
	memberId: string;
	date: string;
	periodFrom: string;
	periodTo: string;
	grossCents: number;
	carriedInCents: number;
	netCents: number;
	lines: { description: string; liters: string; pricePerLiter: string; amount: string }[];
	deductions: { kind: string; sourceId: string; amount: string; description: string }[];
	/** The advances and charges it deducted (multi-entry index): "was this already deducted?" */
	sourceIds: string[];
}

export interface PaymentRow extends Voidable {
	opId: string;
	memberId: string;
	settlementId?: string;
	date: string;
	amountCents: number;
	method: string;
	reference?: string;
}

export interface SaleRow extends Voidable {
	opId: string;
	saleId: string;
	date: string;
	buyer: string;
	lines: { item: string; quantity: string; unit: string; unitPrice: string }[];
	totalCents: number;
	terms: string;
}

export interface SaleCollectionRow extends Voidable {
	opId: string;
	saleId: string;
	date: string;
	amountCents: number;
	method: string;
}

export interface ExpenseRow extends Voidable {
	opId: string;
	date: string;
	category: string;
	amountCents: number;
	description: string;
	paidFrom: string;
}

/** Closed or open, whichever op about the period has the highest HLC. */
export interface PeriodRow {
	period: string;
	closed: Flag;
	opId: string;
	hlc: string;
	reason?: string;
}

/**
 * Every void op, kept even before its target arrives. When several void the same op, the earliest
 * by (date, hlc, id) of the target's own entity is the one in effect, as in the domain's ledger.
 */
export interface VoidRow {
	opId: string;
	targetId: string;
	type: string;
	date: string;
	hlc: string;
	reason: string;
}

/**
 * A new phone's history, packed: ops of one kind (deliveries, or a socio's statements, payments,
 * advances and charges) of one month from one pulled page, for a group of socios
 * (history-packs.ts). The ops are the log.
 */
export interface HistoryPackRow {
	/** month|group|seq of its first op: the same page stored again writes the same key. */
	key: string;
	/** YYYY-MM */
	month: string;
	/** The first and last business dates of its ops: a read of later dates skips the pack. */
	firstDate: string;
	lastDate: string;
	/** memberId|month of each socio in it (multi-entry index: one socio's months are one range). */
	socioMonths: string[];
	/** Each socio's ops, in the order of `socioMonths`, as the JSON text of a StoredOp list. */
	slices: string[];
	/** How many ops it holds. */
	count: number;
}

export class AyniDatabase extends Dexie {
	meta!: EntityTable<MetaRow, 'key'>;
	ops!: EntityTable<StoredOp, 'id'>;
	association!: EntityTable<AssociationRow, 'associationId'>;
	members!: EntityTable<MemberRow, 'memberId'>;
	prices!: EntityTable<PriceRow, 'opId'>;
	deliveries!: EntityTable<DeliveryRow, 'opId'>;
	advances!: EntityTable<AdvanceRow, 'opId'>;
	charges!: EntityTable<ChargeRow, 'opId'>;
	settlements!: EntityTable<SettlementRow, 'opId'>;
	payments!: EntityTable<PaymentRow, 'opId'>;
	sales!: EntityTable<SaleRow, 'opId'>;
	saleCollections!: EntityTable<SaleCollectionRow, 'opId'>;
	expenses!: EntityTable<ExpenseRow, 'opId'>;
	periods!: EntityTable<PeriodRow, 'period'>;
	voids!: EntityTable<VoidRow, 'opId'>;
	deliveryPacks!: EntityTable<HistoryPackRow, 'key'>;
	ledgerPacks!: EntityTable<HistoryPackRow, 'key'>;

	constructor(name: string) {
		super(name);
		// Version 1: the walking skeleton, which only configured the association.
		this.version(1).stores({
			meta: '&key',
			ops: '&id, [status+hlc]',
			association: '&associationId'
		});
		// Version 2: the projections of the whole catalog. The new tables start empty; the store
		// sees that its projection version changed and rebuilds them from the log on open.
		this.version(2).stores({
			ops: '&id, [status+hlc], [type+date]',
			members: '&memberId, code',
			prices: '&opId, [effectiveFrom+hlc]',
			deliveries: '&opId, [memberId+date], [date+shift]',
			advances: '&opId, [memberId+date], date',
			charges: '&opId, [memberId+date], date',
			settlements: '&opId, settlementId, [memberId+periodTo], *sourceIds',
			payments: '&opId, [memberId+date], date, settlementId',
			sales: '&opId, saleId, date',
			saleCollections: '&opId, saleId, date',
			expenses: '&opId, date',
			periods: '&period',
			voids: '&opId, targetId',
			journal: '&id, date'
		});
		// Version 3: pending ops counted by who recorded them, for the header chip, without reading
		// the ops themselves (a phone may hold hundreds of thousands of them).
		this.version(3).stores({
			ops: '&id, [status+hlc], [type+date], [status+actorId]'
		});
		// Version 4: a new phone's history of deliveries stored packed by socio and month, a record
		// per 60 or so ops instead of two per op (docs/sync.md, "A new phone").
		this.version(4).stores({
			deliveryPacks: '&key, [memberId+month], lastDate'
		});
		// Version 5: a pack holds a group of socios, each socio's ops as one JSON text: a record per
		// page, month and group instead of per socio, and one value to copy per socio instead of a
		// dozen per op. Packs stored by version 4 become packs of one socio. The history's
		// statements, payments, advances and charges are packed too (their rows are written).
		this.version(5)
			.stores({
				deliveryPacks: '&key, *socioMonths, lastDate',
				ledgerPacks: '&key, *socioMonths, lastDate'
			})
			.upgrade((tx) =>
				tx
					.table('deliveryPacks')
					.toCollection()
					.modify((pack: HistoryPackRow & { memberId?: string; ops?: StoredOp[] }) => {
						const ops = pack.ops ?? [];
						pack.socioMonths = [`${pack.memberId}|${pack.month}`];
						pack.slices = [JSON.stringify(ops)];
						pack.count = ops.length;
						delete pack.memberId;
						delete pack.ops;
					})
			);
		// Version 6: no journal table. No screen read it: Cuentas posts the ops it reads with the
		// domain's rules (journalFromOps), and the server's journal export does the same, so the
		// table was written for every op that moves money (half the ledger's records) and kept
		// equal to the log for nothing.
		this.version(6).stores({ journal: null });
	}
}

/** The tables a projection writes: everything but the log and meta. */
export const projectionTableNames = [
	'association',
	'members',
	'prices',
	'deliveries',
	'advances',
	'charges',
	'settlements',
	'payments',
	'sales',
	'saleCollections',
	'expenses',
	'periods',
	'voids'
] as const satisfies readonly (keyof AyniDatabase)[];

export type ProjectionTableName = (typeof projectionTableNames)[number];
