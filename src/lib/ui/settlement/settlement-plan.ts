// What issuing a period's statements would do, before anything is recorded: for every member with
// activity, the statement the domain computes (deliveries valued at the price in force, pending
// advances and charges deducted, the balance carried from earlier statements), or why it cannot
// be issued. Pure: the same rows give the same plan on every device, and tests need no database.
import {
	centilitersToLiters,
	centsToMoney,
	compilePriceSchedule,
	computeSettlements,
	litersToCentiliters,
	moneyToCents,
	type Deduction,
	type DeliveryRecord,
	type PriceRecord,
	type SettlementPayload
} from '$lib/domain';
import type { PayloadOf } from '$lib/domain/op-payloads';
import type {
	AdvanceRow,
	ChargeRow,
	DeliveryRow,
	PaymentRow,
	PriceRow,
	SettlementRow
} from '$lib/store/schema';
import type { SettlementPeriod } from '$lib/domain/settlement-period';

type QualityRules = NonNullable<PayloadOf<'price.set'>['qualityRules']>;

/** The texts a statement's deductions carry; given by the caller so they follow the UI language. */
export type DeductionDescriber = {
	advance: (row: AdvanceRow) => string;
};

export type PlannedStatement =
	| { status: 'ready'; memberId: string; payload: SettlementPayload }
	/** The member already has a statement for exactly this period: issuing again is refused. */
	| { status: 'issued'; memberId: string; existing: SettlementRow }
	/** Some delivery is dated before any price was set. */
	| { status: 'unpriced'; memberId: string; deliveryIds: string[] };

export type PlanTotals = {
	members: number;
	ready: number;
	issued: number;
	unpriced: number;
	grossCents: number;
	deductionsCents: number;
	carriedInCents: number;
	netCents: number;
	acceptedCentiliters: number;
};

export type SettlementPlan = {
	period: SettlementPeriod;
	statements: PlannedStatement[];
	totals: PlanTotals;
};

/** A delivery row as the domain's valuation reads it (the wire texts of its payload). */
export function deliveryRecordOf(row: DeliveryRow): DeliveryRecord {
	const payload: DeliveryRecord['payload'] = {
		memberId: row.memberId,
		shift: row.shift,
		liters: centilitersToLiters(row.centiliters)
	};
	if (row.rejectedCentiliters > 0)
		payload.rejectedLiters = centilitersToLiters(row.rejectedCentiliters);
	if (row.fatPct !== undefined) payload.fatPct = row.fatPct;
	if (row.alcoholTest !== undefined) payload.alcoholTest = row.alcoholTest;
	return { id: row.opId, date: row.date, payload };
}

export function priceRecordOf(row: PriceRow): PriceRecord {
	return {
		hlc: row.hlc,
		payload: {
			product: 'leche',
			pricePerLiter: row.pricePerLiter,
			effectiveFrom: row.effectiveFrom,
			...(row.qualityRules ? { qualityRules: row.qualityRules as QualityRules } : {})
		}
	};
}

/** What is left to pay on a statement: its net minus the payments recorded against it. */
export function remainingCents(statement: SettlementRow, payments: readonly PaymentRow[]): number {
	let remaining = statement.netCents;
	for (const payment of payments) {
		if (!payment.voided && payment.settlementId === statement.settlementId) {
			remaining -= payment.amountCents;
		}
	}
	return remaining;
}

/**
 * Each member's balance on their latest statement: positive when the association owes them,
 * negative when they owe. A new statement carries it in, so older statements need not be read:
 * the latest one's net already includes everything before it.
 */
export function memberBalancesCents({
	latestStatements,
	payments
}: {
	latestStatements: readonly SettlementRow[];
	payments: readonly PaymentRow[];
}): Map<string, number> {
	const paidByStatement = new Map<string, number>();
	for (const payment of payments) {
		if (payment.voided || payment.settlementId === undefined) continue;
		paidByStatement.set(
			payment.settlementId,
			(paidByStatement.get(payment.settlementId) ?? 0) + payment.amountCents
		);
	}
	const balances = new Map<string, number>();
	for (const row of latestStatements) {
		if (row.voided) continue;
		balances.set(row.memberId, row.netCents - (paidByStatement.get(row.settlementId) ?? 0));
	}
	return balances;
}

/**
 * The period's plan. `deliveries` are the period's rows (any order); `advances` and `charges`
 * those not yet deducted by any statement, up to the period's end; `latestStatements` each
 * member's latest statement before this period and `payments` the payments against them, for the
 * carried balance; `issuedForPeriod` the statements already issued for exactly this period, so
 * that a second one for the same member and period is refused.
 */
export function planSettlements({
	period,
	deliveries,
	prices,
	advances,
	charges,
	latestStatements,
	payments,
	issuedForPeriod: issued,
	settlementIdFor,
	describe
}: {
	period: SettlementPeriod;
	deliveries: readonly DeliveryRow[];
	prices: readonly PriceRow[];
	advances: readonly AdvanceRow[];
	charges: readonly ChargeRow[];
	latestStatements: readonly SettlementRow[];
	payments: readonly PaymentRow[];
	issuedForPeriod: readonly SettlementRow[];
	settlementIdFor: (memberId: string) => string;
	describe: DeductionDescriber;
}): SettlementPlan {
	const issuedForPeriod = new Map<string, SettlementRow>();
	const deducted = new Set<string>();
	for (const row of issued) {
		if (row.voided || row.periodFrom !== period.from || row.periodTo !== period.to) continue;
		issuedForPeriod.set(row.memberId, row);
		for (const sourceId of row.sourceIds) deducted.add(sourceId);
	}

	const deductionsByMember = new Map<string, Deduction[]>();
	const addDeduction = (memberId: string, deduction: Deduction) => {
		const list = deductionsByMember.get(memberId);
		if (list) list.push(deduction);
		else deductionsByMember.set(memberId, [deduction]);
	};
	for (const row of advances) {
		if (row.voided || row.date > period.to || deducted.has(row.opId)) continue;
		addDeduction(row.memberId, {
			kind: 'adelanto',
			sourceId: row.opId,
			amount: centsToMoney(row.amountCents),
			description: describe.advance(row)
		});
	}
	for (const row of charges) {
		if (row.voided || row.date > period.to || deducted.has(row.opId)) continue;
		addDeduction(row.memberId, {
			kind: row.kind as Deduction['kind'],
			sourceId: row.opId,
			amount: centsToMoney(row.amountCents),
			description: row.description
		});
	}

	const records: DeliveryRecord[] = [];
	const active = new Set<string>(deductionsByMember.keys());
	const sorted = [...deliveries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
	for (const row of sorted) {
		if (row.voided || row.date < period.from || row.date > period.to) continue;
		records.push(deliveryRecordOf(row));
		active.add(row.memberId);
	}

	// The balance carried in is only brought into a statement the member has reason to get: one
	// with deliveries or deductions. A member with neither keeps the balance on "Por pagar".
	const balances = memberBalancesCents({
		latestStatements: latestStatements.filter((row) => row.periodTo < period.from),
		payments
	});
	const carriedInByMember = new Map<string, string>();
	for (const memberId of active) {
		const balance = balances.get(memberId) ?? 0;
		if (balance !== 0) carriedInByMember.set(memberId, centsToMoney(balance));
	}

	const results = computeSettlements({
		periodFrom: period.from,
		periodTo: period.to,
		deliveries: records,
		schedule: compilePriceSchedule(prices.map(priceRecordOf)),
		settlementIdFor,
		deductionsByMember,
		carriedInByMember
	});

	const statements: PlannedStatement[] = [];
	const totals: PlanTotals = {
		members: 0,
		ready: 0,
		issued: 0,
		unpriced: 0,
		grossCents: 0,
		deductionsCents: 0,
		carriedInCents: 0,
		netCents: 0,
		acceptedCentiliters: 0
	};
	for (const result of results) {
		const existing = issuedForPeriod.get(result.ok ? result.payload.memberId : result.memberId);
		totals.members += 1;
		if (existing) {
			statements.push({ status: 'issued', memberId: existing.memberId, existing });
			totals.issued += 1;
			addStatementTotals(totals, existing);
		} else if (!result.ok) {
			statements.push({
				status: 'unpriced',
				memberId: result.memberId,
				deliveryIds: result.deliveryIds
			});
			totals.unpriced += 1;
		} else {
			statements.push({
				status: 'ready',
				memberId: result.payload.memberId,
				payload: result.payload
			});
			totals.ready += 1;
			addStatementTotals(totals, rowFigures(result.payload));
		}
	}
	// Members whose statement was issued but who no longer show activity (e.g. a delivery voided
	// after issuing) still have that statement in the period.
	for (const [memberId, existing] of issuedForPeriod) {
		if (statements.some((statement) => statement.memberId === memberId)) continue;
		statements.push({ status: 'issued', memberId, existing });
		totals.members += 1;
		totals.issued += 1;
		addStatementTotals(totals, existing);
	}
	return { period, statements, totals };
}

type Figures = Pick<
	SettlementRow,
	'grossCents' | 'carriedInCents' | 'netCents' | 'lines' | 'deductions'
>;

function rowFigures(payload: SettlementPayload): Figures {
	return {
		grossCents: moneyToCents(payload.gross),
		carriedInCents: moneyToCents(payload.carriedIn),
		netCents: moneyToCents(payload.net),
		lines: payload.lines,
		deductions: payload.deductions
	};
}

function addStatementTotals(totals: PlanTotals, figures: Figures): void {
	totals.grossCents += figures.grossCents;
	totals.carriedInCents += figures.carriedInCents;
	totals.netCents += figures.netCents;
	totals.deductionsCents += figures.grossCents + figures.carriedInCents - figures.netCents;
	totals.acceptedCentiliters += acceptedCentilitersOf(figures.lines);
}

/** Accepted liters of a statement: its paid lines (rejected milk is shown at price 0). */
export function acceptedCentilitersOf(lines: Figures['lines']): number {
	let centiliters = 0;
	for (const line of lines) {
		// Rejected milk is listed at price 0 so the producer sees it; it was not bought.
		if (line.pricePerLiter === '0.0000' && line.amount === '0.00') continue;
		centiliters += litersToCentiliters(line.liters);
	}
	return centiliters;
}

export type Owed = { memberId: string; owedCents: number; statement: SettlementRow };

/** What is still owed on each member's latest statement, most owed first. */
export function owedToMembers({
	latestStatements,
	payments
}: {
	latestStatements: readonly SettlementRow[];
	payments: readonly PaymentRow[];
}): Owed[] {
	const owed: Owed[] = [];
	for (const statement of latestStatements) {
		if (statement.voided) continue;
		const cents = remainingCents(statement, payments);
		if (cents > 0) owed.push({ memberId: statement.memberId, owedCents: cents, statement });
	}
	return owed.sort((a, b) => b.owedCents - a.owedCents || (a.memberId < b.memberId ? -1 : 1));
}

type PlanInput = Parameters<typeof planSettlements>[0];

/**
 * The same plan computed a group of members at a time, pausing between groups, so that valuing a
 * 500-member fortnight never holds the main thread long. Statements are per member and price lines
 * depend only on the prices of the range, so the groups' statements are exactly the whole plan's.
 */
export async function planSettlementsInGroups(
	input: PlanInput,
	{ groupSize = 100, pause }: { groupSize?: number; pause: () => Promise<void> }
): Promise<SettlementPlan> {
	// The reads that feed this resolve in one task; start the work in a fresh one.
	await pause();
	const memberIds = new Set<string>();
	for (const row of input.deliveries) memberIds.add(row.memberId);
	for (const row of input.advances) memberIds.add(row.memberId);
	for (const row of input.charges) memberIds.add(row.memberId);
	for (const row of input.issuedForPeriod) memberIds.add(row.memberId);
	const sorted = [...memberIds].sort();
	const groupOf = new Map<string, number>();
	sorted.forEach((memberId, index) => groupOf.set(memberId, Math.floor(index / groupSize)));
	const groups = Math.max(1, Math.ceil(sorted.length / groupSize));
	const split = <Row extends { memberId: string }>(rows: readonly Row[]): Row[][] => {
		const out: Row[][] = Array.from({ length: groups }, () => []);
		for (const row of rows) out[groupOf.get(row.memberId) ?? 0]?.push(row);
		return out;
	};
	const deliveries = split(input.deliveries);
	const advances = split(input.advances);
	const charges = split(input.charges);
	const latest = split(input.latestStatements);
	const issued = split(input.issuedForPeriod);
	await pause();
	const statements: PlannedStatement[] = [];
	const totals: PlanTotals = {
		members: 0,
		ready: 0,
		issued: 0,
		unpriced: 0,
		grossCents: 0,
		deductionsCents: 0,
		carriedInCents: 0,
		netCents: 0,
		acceptedCentiliters: 0
	};
	for (let group = 0; group < groups; group++) {
		const plan = planSettlements({
			...input,
			deliveries: deliveries[group] ?? [],
			advances: advances[group] ?? [],
			charges: charges[group] ?? [],
			latestStatements: latest[group] ?? [],
			issuedForPeriod: issued[group] ?? []
		});
		for (const statement of plan.statements) statements.push(statement);
		for (const key of Object.keys(totals) as (keyof PlanTotals)[]) totals[key] += plan.totals[key];
		await pause();
	}
	return { period: input.period, statements, totals };
}
