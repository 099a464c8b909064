// Issuing statements and recording payments. Each is "check, then commit in one transaction": the
// rule that a member and period get one statement, and that a payment never exceeds what is owed,
// is checked again inside the transaction that records, so two tabs cannot both pass the check.
import {
	centsToMoney,
	moneyToCents,
	parseMoneyInput,
	type InputError,
	type SettlementPayload
} from '$lib/domain';
import { todayInLima } from '$lib/ops/business-date';
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { db as defaultDb } from '$lib/store/db';
import { recordMany, type RecordFailure } from '$lib/store/record';
import { projectionTablesOf } from '$lib/store/projections/project-ops';
import type { AyniDatabase, SettlementRow } from '$lib/store/schema';
import { yieldToMain } from '$lib/store/yield-to-main';

/** A statement ready to issue, with the op id it keeps across retries. */
export type StatementDraft = { opId: string; payload: SettlementPayload };

export type IssueProgress = { done: number; total: number };

export type IssueResult =
	| { ok: true; issued: number; refusedAsDuplicate: number }
	| { ok: false; issued: number; failure: RecordFailure['code'] };

/**
 * Statements per transaction. Most of a transaction's time is waiting on IndexedDB, which does
 * not block the main thread; what does (validating payloads, cloning rows) grows with the chunk.
 * Fifty keeps that well under 50 ms on a phone 4× slower than a laptop while keeping the number
 * of transactions, whose fixed cost dominates, low (measured by bench/collection-settlement).
 */
const chunkSize = 50;

class Refused extends Error {
	constructor(readonly failure: RecordFailure) {
		super(failure.code);
	}
}

/**
 * Issues statements as `settlement.issued` ops, a chunk per transaction, yielding between chunks so
 * input and progress stay live.
 * A member who already has a statement for the same period is skipped, checked inside each
 * chunk's transaction (one statement per member and period). Offline it behaves the same: the ops
 * wait as pending for sync. On retry with the same drafts (same op ids) the chunks that were
 * stored are skipped as duplicates and the rest are issued, so a run interrupted half-way finishes
 * without issuing anything twice. The op is dated the period's last day: the milk was bought then.
 */
export async function issueStatements({
	drafts,
	onProgress,
	db = defaultDb
}: {
	drafts: readonly StatementDraft[];
	onProgress?: (progress: IssueProgress) => void;
	db?: AyniDatabase;
}): Promise<IssueResult> {
	let issued = 0;
	let refusedAsDuplicate = 0;
	let index = 0;
	onProgress?.({ done: 0, total: drafts.length });
	while (index < drafts.length) {
		const chunk = drafts.slice(index, index + chunkSize);
		try {
			const counts = await db.transaction(
				'rw',
				['meta', 'ops', ...projectionTablesOf(['settlement.issued'])],
				async () => {
					const issuedAlready = await existingStatements(db, chunk);
					const fresh = chunk.filter(
						(draft) =>
							!issuedAlready.has(periodKeyOf(draft.payload)) ||
							issuedAlready.get(periodKeyOf(draft.payload)) === draft.opId
					);
					const result = await recordMany(
						fresh.map((draft) => ({
							id: draft.opId,
							type: 'settlement.issued' as const,
							date: draft.payload.periodTo,
							payload: draft.payload
						})),
						{ db }
					);
					if (!result.ok) throw new Refused(result);
					return { issued: fresh.length, refused: chunk.length - fresh.length };
				}
			);
			issued += counts.issued;
			refusedAsDuplicate += counts.refused;
		} catch (error) {
			if (error instanceof Refused) return { ok: false, issued, failure: error.failure.code };
			return { ok: false, issued, failure: 'write_failed' };
		}
		index += chunk.length;
		onProgress?.({ done: index, total: drafts.length });
		await yieldToMain();
	}
	return { ok: true, issued, refusedAsDuplicate };
}

function periodKeyOf(
	payload: Pick<SettlementPayload, 'memberId' | 'periodFrom' | 'periodTo'>
): string {
	return `${payload.memberId}|${payload.periodFrom}|${payload.periodTo}`;
}

/** The chunk's members' statements for the same periods that are not voided, by op id. */
async function existingStatements(
	db: AyniDatabase,
	chunk: readonly StatementDraft[]
): Promise<Map<string, string>> {
	const rows = await db.settlements
		.where('[memberId+periodTo]')
		.anyOf(chunk.map((draft) => [draft.payload.memberId, draft.payload.periodTo]))
		.toArray();
	const byKey = new Map<string, string>();
	for (const row of rows) if (!row.voided) byKey.set(periodKeyOf(row), row.opId);
	return byKey;
}

export type PaymentMethod = 'efectivo' | 'transferencia' | 'yape' | 'plin';

export type PaymentResult =
	| { ok: true; amount: string }
	| { ok: false; field: 'amount'; code: InputError | 'above_owed'; owedCents?: number }
	| { ok: false; field: 'statement'; code: 'nothing_owed' | 'not_latest' }
	| { ok: false; field: 'form'; code: RecordFailure['code'] };

/**
 * Records a full or partial payment against a statement. The amount is refused at the field when
 * it is not a positive amount of soles or is more than the statement still owes, reading the
 * payments inside the recording transaction. Only a member's latest statement is paid: an older
 * one's balance was carried into it. Offline it records the same (pending until sync). On retry
 * pass the same `opId`: a payment already stored is not stored twice.
 */
export async function recordPayment({
	opId,
	statement,
	amountText,
	method,
	reference,
	db = defaultDb
}: {
	opId: string;
	statement: Pick<SettlementRow, 'settlementId' | 'memberId' | 'periodTo' | 'netCents'>;
	amountText: string;
	method: PaymentMethod;
	reference?: string;
	db?: AyniDatabase;
}): Promise<PaymentResult> {
	const parsed = parseMoneyInput(amountText, { allowZero: false });
	if (!parsed.ok) return { ok: false, field: 'amount', code: parsed.error };
	const amount = parsed.value;
	const amountCents = moneyToCents(amount);
	const trimmedReference = reference?.trim();
	try {
		const tables = ['settlements', ...projectionTablesOf(['payment.made'])] as const;
		return await db.transaction('rw', ['meta', 'ops', ...tables], async () => {
			const [later, payments, alreadyStored] = await Promise.all([
				db.settlements
					.where('[memberId+periodTo]')
					.between(
						[statement.memberId, statement.periodTo],
						[statement.memberId, '\uffff'],
						false,
						true
					)
					.filter((row) => !row.voided)
					.count(),
				db.payments.where('settlementId').equals(statement.settlementId).toArray(),
				db.ops.get(opId)
			]);
			if (alreadyStored) return { ok: true as const, amount };
			if (later > 0)
				return { ok: false as const, field: 'statement' as const, code: 'not_latest' as const };
			let owedCents = statement.netCents;
			for (const payment of payments) if (!payment.voided) owedCents -= payment.amountCents;
			if (owedCents <= 0) {
				return { ok: false as const, field: 'statement' as const, code: 'nothing_owed' as const };
			}
			if (amountCents > owedCents) {
				return {
					ok: false as const,
					field: 'amount' as const,
					code: 'above_owed' as const,
					owedCents
				};
			}
			const result = await recordMany(
				[
					{
						id: opId,
						type: 'payment.made',
						date: todayInLima(),
						payload: {
							memberId: statement.memberId,
							settlementId: statement.settlementId,
							amount,
							method,
							...(trimmedReference ? { reference: trimmedReference } : {})
						}
					}
				],
				{ db }
			);
			if (!result.ok) throw new Refused(result);
			return { ok: true as const, amount: centsToMoney(amountCents) };
		});
	} catch (error) {
		if (error instanceof Refused) return { ok: false, field: 'form', code: error.failure.code };
		return { ok: false, field: 'form', code: 'write_failed' };
	}
}

/** A fresh op id for a form: made once per attempt and kept while the person retries. */
export function newOpId(): string {
	return makeUuidV7();
}
