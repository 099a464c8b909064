// A member's estado de cuenta from the projections and the domain core: the balance of their
// latest statement (what the association owes them, or they owe), their statements with what was
// paid, and an estimate of what is not settled yet — deliveries since the latest statement valued
// at the price in force each day, minus advances and charges no statement has deducted. Pure.
import {
	centsToMoney,
	compilePriceSchedule,
	computeSettlement,
	moneyToCents,
	type Deduction
} from '$lib/domain';
import type { MemberAccountData } from '$lib/store/member-queries';
import type { AdvanceRow, ChargeRow, SettlementRow } from '$lib/store/schema';
import { deliveryRecordOf, priceRecordOf } from '../settlement/settlement-plan';

export interface StatementSummary {
	statement: SettlementRow;
	paidCents: number;
}

export type Movement =
	| { kind: 'advance'; row: AdvanceRow; reason?: string }
	| { kind: 'charge'; row: ChargeRow; reason?: string };

export interface AccountFigures {
	/** Latest statement's net minus what was paid on it; null before any statement. */
	balanceCents: number | null;
	statements: StatementSummary[];
	pending: {
		from: string | null;
		acceptedCentiliters: number;
		grossCents: number;
		advancesCents: number;
		chargesCents: number;
		netCents: number;
		unpriced: boolean;
	};
	movements: Movement[];
}

export function accountFigures({
	data,
	today,
	describeAdvance
}: {
	data: MemberAccountData;
	today: string;
	describeAdvance: (row: AdvanceRow) => string;
}): AccountFigures {
	const paid = new Map<string, number>();
	for (const payment of data.payments) {
		if (payment.voided || !payment.settlementId) continue;
		paid.set(payment.settlementId, (paid.get(payment.settlementId) ?? 0) + payment.amountCents);
	}
	const statements = data.settlements
		.filter((row) => !row.voided)
		.sort((a, b) => (a.periodTo < b.periodTo ? 1 : a.periodTo > b.periodTo ? -1 : 0))
		.map((statement) => ({ statement, paidCents: paid.get(statement.settlementId) ?? 0 }));
	const latest = statements[0];
	const balanceCents = latest ? latest.statement.netCents - latest.paidCents : null;

	const deductions: Deduction[] = [];
	let advancesCents = 0;
	let chargesCents = 0;
	for (const row of data.advances) {
		if (row.voided || data.deductedIds.has(row.opId) || row.date > today) continue;
		advancesCents += row.amountCents;
		deductions.push({
			kind: 'adelanto',
			sourceId: row.opId,
			amount: centsToMoney(row.amountCents),
			description: describeAdvance(row)
		});
	}
	for (const row of data.charges) {
		if (row.voided || data.deductedIds.has(row.opId) || row.date > today) continue;
		chargesCents += row.amountCents;
		deductions.push({
			kind: row.kind as Deduction['kind'],
			sourceId: row.opId,
			amount: centsToMoney(row.amountCents),
			description: row.description
		});
	}
	const deliveries = data.pendingDeliveries.filter((row) => !row.voided);
	const from =
		latest?.statement.periodTo ??
		deliveries.reduce<string | null>((min, row) => (!min || row.date < min ? row.date : min), null);
	const periodFrom = latest ? nextDay(latest.statement.periodTo) : (from ?? today);
	const result = computeSettlement({
		settlementId: '00000000-0000-4000-8000-000000000000',
		memberId: data.member.memberId,
		periodFrom,
		periodTo: today < periodFrom ? periodFrom : today,
		deliveries: deliveries.map(deliveryRecordOf),
		schedule: compilePriceSchedule(data.prices.map(priceRecordOf)),
		deductions,
		carriedIn: centsToMoney(balanceCents ?? 0)
	});
	let acceptedCentiliters = 0;
	for (const row of deliveries) acceptedCentiliters += row.centiliters - row.rejectedCentiliters;
	const movements: Movement[] = [
		...data.advances.map((row) => ({
			kind: 'advance' as const,
			row,
			reason: data.voids.get(row.opId)?.reason
		})),
		...data.charges.map((row) => ({
			kind: 'charge' as const,
			row,
			reason: data.voids.get(row.opId)?.reason
		}))
	].sort((a, b) => (a.row.date < b.row.date ? 1 : a.row.date > b.row.date ? -1 : 0));
	return {
		balanceCents,
		statements,
		pending: {
			from: latest ? periodFrom : null,
			acceptedCentiliters,
			grossCents: result.ok ? moneyToCents(result.payload.gross) : 0,
			advancesCents,
			chargesCents,
			netCents: result.ok ? moneyToCents(result.payload.net) : 0,
			unpriced: !result.ok
		},
		movements
	};
}

function nextDay(date: string): string {
	const at = new Date(`${date}T12:00:00Z`);
	at.setUTCDate(at.getUTCDate() + 1);
	return at.toISOString().slice(0, 10);
}
