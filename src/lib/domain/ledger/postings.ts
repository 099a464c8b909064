// The posting rules: how each op that moves money becomes one journal entry (DESIGN.md
// section 6). Pure: the same op always posts the same entry on every device, so the ledger is a
// projection of the op log like any other and can be rebuilt from it at any time.
import { moneyToCents } from '../money';
import type { DomainOp, PayloadOf } from '../op-payloads';
import { accountCodes as acc, defaultChart, type Chart } from './accounts';
import {
	createEntry,
	reverseEntry,
	type EntryResult,
	type JournalEntry,
	type JournalLine
} from './journal';

/** Op types that post an entry of their own. */
export const postingTypes = [
	'advance.given',
	'charge.recorded',
	'settlement.issued',
	'payment.made',
	'sale.recorded',
	'sale.collected',
	'expense.recorded'
] as const;

/** Op types that undo a posting op of their entity, by its op id. */
export const voidTypes = [
	'advance.voided',
	'charge.voided',
	'settlement.voided',
	'payment.voided',
	'sale.voided',
	'expense.voided'
] as const;

export type PostingOp = Extract<DomainOp, { type: (typeof postingTypes)[number] }>;
export type VoidOp = Extract<DomainOp, { type: (typeof voidTypes)[number] }>;

export function isPostingOp(op: DomainOp): op is PostingOp {
	return (postingTypes as readonly string[]).includes(op.type);
}

export function isVoidOp(op: DomainOp): op is VoidOp {
	return (voidTypes as readonly string[]).includes(op.type);
}

/** A void may only undo an op of its own entity: `sale.voided` a sale or its collection. */
export function voidMatchesTarget(voidOp: VoidOp, target: DomainOp): target is PostingOp {
	return isPostingOp(target) && target.type.split('.')[0] === voidOp.type.split('.')[0];
}

type PaymentMethod = PayloadOf<'payment.made'>['method'];

/** Cash goes through the box; transfers and the Yape/Plin wallets through the bank. */
export function accountForMethod(method: PaymentMethod): string {
	return method === 'efectivo' ? acc.cash : acc.bank;
}

/** Where each kind of deduction is credited when a statement withholds it. */
const deductionAccount: Record<
	PayloadOf<'settlement.issued'>['deductions'][number]['kind'],
	string
> = {
	adelanto: acc.membersReceivable,
	insumo: acc.membersReceivable,
	transporte: acc.membersReceivable,
	otro: acc.membersReceivable,
	// Dues and capital are not receivables until a statement withholds them (the charge posts
	// nothing), so withholding them is what recognises the income or the contribution.
	cuota: acc.membershipDues,
	aporte: acc.memberCapital
};

/** Charges that create a receivable when recorded, with the income they earn. */
const chargeIncomeAccount: Partial<Record<PayloadOf<'charge.recorded'>['kind'], string>> = {
	insumo: acc.inputSalesToMembers,
	transporte: acc.otherIncome,
	otro: acc.otherIncome
};

/**
 * The entry an op posts: null when the op moves no money (a member registered, a delivery, a
 * dues charge that waits for its statement) or when every amount is zero; a refusal when the
 * numbers cannot make a balanced entry.
 */
export function postOp(op: PostingOp, chart: Chart = defaultChart): EntryResult | null {
	let lines: JournalLine[];
	try {
		lines = linesFor(op);
	} catch (error) {
		// Payloads are checked at the edge, but an op synced from an older or faulty client must
		// not stop the whole book from rebuilding: it is refused and listed, like any other.
		if (!(error instanceof RangeError)) throw error;
		return { ok: false, reason: 'amount_must_be_whole_centimos', detail: error.message };
	}
	if (lines.every((line) => line.amountCents === 0)) return null;
	return createEntry(
		{ id: op.id, opId: op.id, date: op.date, description: describe(op), lines },
		chart
	);
}

/** The reversal a void posts: its target's entry with every line on the other side. */
export function postVoid(voidOp: VoidOp, targetEntry: JournalEntry): JournalEntry {
	return reverseEntry(targetEntry, {
		id: voidOp.id,
		opId: voidOp.id,
		date: voidOp.date,
		description: `Anulación: ${targetEntry.description} — ${voidOp.payload.reason}`
	});
}

function line(account: string, amountCents: number, memberId?: string): JournalLine {
	return memberId === undefined ? { account, amountCents } : { account, amountCents, memberId };
}

function linesFor(op: PostingOp): JournalLine[] {
	switch (op.type) {
		case 'advance.given': {
			const cents = moneyToCents(op.payload.amount);
			return [
				line(acc.membersReceivable, cents, op.payload.memberId),
				line(accountForMethod(op.payload.method), -cents)
			];
		}
		case 'charge.recorded': {
			const income = chargeIncomeAccount[op.payload.kind];
			if (!income) return [];
			const cents = moneyToCents(op.payload.amount);
			return [line(acc.membersReceivable, cents, op.payload.memberId), line(income, -cents)];
		}
		case 'settlement.issued':
			return settlementLines(op.payload);
		case 'payment.made': {
			const cents = moneyToCents(op.payload.amount);
			return [
				line(acc.membersPayable, cents, op.payload.memberId),
				line(accountForMethod(op.payload.method), -cents)
			];
		}
		case 'sale.recorded': {
			const cents = moneyToCents(op.payload.total);
			// A cash sale's payload names no method; cash sales at the collection point go to the box.
			const debit = op.payload.terms === 'contado' ? acc.cash : acc.buyersReceivable;
			return [line(debit, cents), line(acc.milkSales, -cents)];
		}
		case 'sale.collected': {
			const cents = moneyToCents(op.payload.amount);
			return [line(accountForMethod(op.payload.method), cents), line(acc.buyersReceivable, -cents)];
		}
		case 'expense.recorded': {
			const cents = moneyToCents(op.payload.amount);
			const from = op.payload.paidFrom === 'caja' ? acc.cash : acc.bank;
			return [line(acc.managementExpenses, cents), line(from, -cents)];
		}
	}
}

/**
 * A statement buys the member's milk (Dr 601 / Cr 465 gross) and withholds its deductions from
 * what is owed (Dr 465 / Cr 142, 751 or 501). A balance carried in from the previous statement
 * posts nothing: it is already in 465 (or 142, when the member owed).
 */
function settlementLines(payload: PayloadOf<'settlement.issued'>): JournalLine[] {
	const member = payload.memberId;
	const grossCents = moneyToCents(payload.gross);
	const lines = [
		line(acc.milkPurchases, grossCents),
		line(acc.membersPayable, -grossCents, member)
	];
	if (payload.deductions.length === 0) return lines;
	// Three accounts can receive a deduction; summing into fixed slots keeps a month of
	// statements free of per-entry maps.
	let receivableCents = 0;
	let capitalCents = 0;
	let duesCents = 0;
	for (const deduction of payload.deductions) {
		const cents = moneyToCents(deduction.amount);
		const account = deductionAccount[deduction.kind];
		if (account === acc.membersReceivable) receivableCents += cents;
		else if (account === acc.memberCapital) capitalCents += cents;
		else duesCents += cents;
	}
	lines.push(line(acc.membersPayable, receivableCents + capitalCents + duesCents, member));
	// Credits in account-code order, so that the same statement always posts the same lines.
	lines.push(line(acc.membersReceivable, -receivableCents, member));
	lines.push(line(acc.memberCapital, -capitalCents));
	lines.push(line(acc.membershipDues, -duesCents));
	return lines;
}

function describe(op: PostingOp): string {
	switch (op.type) {
		case 'advance.given':
			return `Adelanto a socio (${op.payload.method})`;
		case 'charge.recorded':
			return `Cargo a socio (${op.payload.kind}): ${op.payload.description}`;
		case 'settlement.issued':
			return `Liquidación ${op.payload.periodFrom} a ${op.payload.periodTo}`;
		case 'payment.made':
			return `Pago a socio (${op.payload.method})${op.payload.reference ? ` ${op.payload.reference}` : ''}`;
		case 'sale.recorded':
			return `Venta a ${op.payload.buyer} (${op.payload.terms})`;
		case 'sale.collected':
			return `Cobranza de venta (${op.payload.method})`;
		case 'expense.recorded':
			return `Gasto ${op.payload.category}: ${op.payload.description}`;
	}
}
