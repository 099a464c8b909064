// One statement's screen: the statement, its payments, what is left to pay, and the payment form's
// state. Figures come from the stored statement (what was issued) and the payment rows; nothing is
// recomputed here but the sums the treasurer checks against the paper.
import { centilitersToLiters, centsToMoney, formatMoney } from '$lib/domain';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/store/db';
import { inForeground } from '$lib/store/foreground';
import type { MemberRow, PaymentRow, SettlementRow } from '$lib/store/schema';
import { membersById, statementWithPayments } from '$lib/store/settlement-queries';
import { clearDraft, readDraft, writeDraft } from '$lib/ui/draft';
import { memberLabel, periodLabel, shareText, type StatementFigures } from './settlement-labels';
import { periodContaining, type SettlementPeriod } from '$lib/domain/settlement-period';
import { acceptedCentilitersOf, remainingCents } from './settlement-plan';
import { newOpId, recordPayment, type PaymentMethod } from './settlement-writes';

type PaymentDraft = { amount: string; method: PaymentMethod; reference: string };

export class StatementView {
	#status = $state<'loading' | 'ok' | 'missing'>('loading');
	#statement = $state.raw<SettlementRow | null>(null);
	#payments = $state.raw<PaymentRow[]>([]);
	#member = $state.raw<MemberRow | undefined>(undefined);
	#isLatest = $state(true);

	amount = $state('');
	method = $state<PaymentMethod>('efectivo');
	reference = $state('');
	#amountError = $state<string | undefined>(undefined);
	#formError = $state<string | undefined>(undefined);
	#saved = $state<string | undefined>(undefined);
	#saving = $state(false);
	/** Kept while the person retries the same payment, so a retry cannot record it twice. */
	#paymentOpId = newOpId();
	#settlementId = '';

	get status() {
		return this.#status;
	}
	get statement() {
		return this.#statement;
	}
	get payments() {
		return this.#payments;
	}
	get member() {
		return this.#member;
	}
	get memberName(): string {
		return memberLabel(this.#member);
	}
	get isLatest() {
		return this.#isLatest;
	}
	get amountError() {
		return this.#amountError;
	}
	get formError() {
		return this.#formError;
	}
	get saved() {
		return this.#saved;
	}
	get saving() {
		return this.#saving;
	}

	get figures(): StatementFigures | null {
		const statement = this.#statement;
		if (!statement) return null;
		const remaining = remainingCents(statement, this.#payments);
		return {
			statement,
			acceptedLiters: centilitersToLiters(acceptedCentilitersOf(statement.lines)),
			gross: centsToMoney(statement.grossCents),
			deductions: centsToMoney(
				statement.grossCents + statement.carriedInCents - statement.netCents
			),
			carriedIn: centsToMoney(statement.carriedInCents),
			net: centsToMoney(statement.netCents),
			paid: centsToMoney(statement.netCents - remaining),
			remaining: centsToMoney(Math.max(0, remaining))
		};
	}

	get remainingCents(): number {
		const statement = this.#statement;
		return statement ? Math.max(0, remainingCents(statement, this.#payments)) : 0;
	}

	get #period(): SettlementPeriod | null {
		const statement = this.#statement;
		if (!statement) return null;
		// A fortnight ends on the 15th or starts on the 16th; anything else is a month.
		const fortnight = statement.periodTo.endsWith('-15') || statement.periodFrom.endsWith('-16');
		return periodContaining(statement.periodFrom, fortnight ? 'quincenal' : 'mensual');
	}

	get periodName(): string {
		const period = this.#period;
		return period ? periodLabel(period) : '';
	}

	/** The period's key, for the link back to its list. */
	get periodKey(): string {
		return this.#period?.key ?? '';
	}

	async load(settlementId: string): Promise<void> {
		this.#settlementId = settlementId;
		const found = await inForeground(() => statementWithPayments(db, settlementId));
		if (!found) {
			this.#status = 'missing';
			return;
		}
		const [members, later] = await Promise.all([
			membersById(db, [found.statement.memberId]),
			db.settlements
				.where('[memberId+periodTo]')
				.between(
					[found.statement.memberId, found.statement.periodTo],
					[found.statement.memberId, '\uffff'],
					false,
					true
				)
				.filter((row) => !row.voided)
				.count()
		]);
		this.#statement = found.statement;
		this.#payments = found.payments.filter((payment) => !payment.voided);
		this.#member = members.get(found.statement.memberId);
		this.#isLatest = later === 0;
		this.#status = 'ok';
		const draft = readDraft<PaymentDraft>(this.#draftKey);
		this.amount =
			draft?.amount ?? (this.remainingCents > 0 ? centsToMoney(this.remainingCents) : '');
		if (draft?.method) this.method = draft.method;
		if (draft?.reference) this.reference = draft.reference;
	}

	get #draftKey(): string {
		return `liq-pay:${this.#settlementId}`;
	}

	/** Keeps what was typed across a reload or an update of the app. */
	keepDraft(): void {
		writeDraft(this.#draftKey, {
			amount: this.amount,
			method: this.method,
			reference: this.reference
		});
	}

	/**
	 * Records the payment typed in the form. A refusal is shown at the field and nothing is saved
	 * or cleared; offline it records the same. A retry after an unclear failure reuses the op id.
	 */
	async pay(): Promise<void> {
		const statement = this.#statement;
		if (!statement || this.#saving) return;
		this.#saving = true;
		this.#amountError = undefined;
		this.#formError = undefined;
		this.#saved = undefined;
		this.keepDraft();
		const result = await recordPayment({
			opId: this.#paymentOpId,
			statement,
			amountText: this.amount,
			method: this.method,
			reference: this.reference
		});
		this.#saving = false;
		if (result.ok) {
			clearDraft(this.#draftKey);
			this.#paymentOpId = newOpId();
			this.reference = '';
			this.#saved = m.liq_pay_saved({ amount: formatMoney(result.amount) });
			await this.load(this.#settlementId);
			return;
		}
		if (result.field === 'amount') {
			this.#amountError = amountMessage(result.code, result.owedCents ?? this.remainingCents);
		} else if (result.field === 'statement') {
			this.#formError =
				result.code === 'not_latest' ? m.liq_pay_not_latest() : m.liq_pay_nothing_owed();
		} else {
			this.#formError =
				result.code === 'storage_full' ? m.error_storage_full() : m.error_save_failed();
		}
	}

	/**
	 * Sends the readable summary through the phone's share sheet (WhatsApp on most phones), or
	 * copies it where there is none. Returns what to tell the person.
	 */
	async share(associationName: string): Promise<string | undefined> {
		const figures = this.figures;
		if (!figures) return undefined;
		const text = shareText({
			associationName,
			periodName: this.periodName,
			member: this.memberName,
			figures
		});
		if (typeof navigator.share === 'function') {
			try {
				await navigator.share({ text });
				return undefined;
			} catch (error) {
				// The person closed the share sheet: nothing to do. Other failures fall back to copying.
				if (error instanceof DOMException && error.name === 'AbortError') return undefined;
			}
		}
		try {
			await navigator.clipboard.writeText(text);
			return m.liq_shared_copied();
		} catch {
			return m.liq_share_failed();
		}
	}
}

function amountMessage(code: string, owedCents: number): string {
	switch (code) {
		case 'empty':
			return m.liq_pay_error_empty();
		case 'too_many_decimals':
			return m.liq_pay_error_decimals();
		case 'zero_not_allowed':
			return m.liq_pay_error_zero();
		case 'negative_not_allowed':
			return m.liq_pay_error_negative();
		case 'too_large':
			return m.liq_pay_error_too_large();
		case 'above_owed':
			return m.liq_pay_error_above_owed({ amount: formatMoney(owedCents) });
		default:
			return m.liq_pay_error_number();
	}
}
