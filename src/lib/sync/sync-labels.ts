// The sync page's words: what kind of record an op is, and why the server refused it, in plain
// Spanish. A rule the app does not know still gets a sentence, with its code for whoever helps.
import { m } from '$lib/paraglide/messages.js';

const typeLabels: Record<string, () => string> = {
	'association.configured': () => m.sync_op_association_configured(),
	'member.registered': () => m.sync_op_member_registered(),
	'member.updated': () => m.sync_op_member_updated(),
	'member.retired': () => m.sync_op_member_retired(),
	'price.set': () => m.sync_op_price_set(),
	'delivery.recorded': () => m.sync_op_delivery_recorded(),
	'delivery.voided': () => m.sync_op_delivery_voided(),
	'advance.given': () => m.sync_op_advance_given(),
	'advance.voided': () => m.sync_op_advance_voided(),
	'charge.recorded': () => m.sync_op_charge_recorded(),
	'charge.voided': () => m.sync_op_charge_voided(),
	'settlement.issued': () => m.sync_op_settlement_issued(),
	'settlement.voided': () => m.sync_op_settlement_voided(),
	'payment.made': () => m.sync_op_payment_made(),
	'payment.voided': () => m.sync_op_payment_voided(),
	'sale.recorded': () => m.sync_op_sale_recorded(),
	'sale.collected': () => m.sync_op_sale_collected(),
	'sale.voided': () => m.sync_op_sale_voided(),
	'expense.recorded': () => m.sync_op_expense_recorded(),
	'expense.voided': () => m.sync_op_expense_voided(),
	'period.closed': () => m.sync_op_period_closed(),
	'period.reopened': () => m.sync_op_period_reopened()
};

const reasonLabels: Record<string, () => string> = {
	period_must_be_open: () => m.sync_reason_period_must_be_open(),
	period_must_be_closed: () => m.sync_reason_period_must_be_closed(),
	role_must_allow_type: () => m.sync_reason_role_must_allow_type(),
	actor_must_be_caller: () => m.sync_reason_actor_must_be_caller(),
	hlc_must_not_be_ahead: () => m.sync_reason_hlc_must_not_be_ahead(),
	payload_must_match_schema: () => m.sync_reason_payload_must_match_schema(),
	association_must_match_caller: () => m.sync_reason_association_must_match_caller(),
	scope_must_be_association: () => m.sync_reason_scope_must_be_association(),
	exists_with_different_body: () => m.sync_reason_exists_with_different_body()
};

export function opTypeLabel(type: string): string {
	return (typeLabels[type] ?? (() => m.sync_op_other()))();
}

export function rejectReasonLabel(code: string | undefined): string {
	const label = code ? reasonLabels[code] : undefined;
	return label ? label() : m.sync_reason_other({ code: code ?? '?' });
}

/** Rules after which the same fact may simply be recorded again, dated today. */
export function mayRerecord(code: string | undefined): boolean {
	return code === 'period_must_be_open' || code === 'exists_with_different_body';
}

export function pendingLabel(count: number): string {
	return count === 1 ? m.sync_pending_one() : m.sync_pending_many({ count });
}

/** Why the last round did not finish, in a sentence; what happens next is part of it. */
export function syncErrorText(reason: string): string {
	switch (reason) {
		case 'offline':
			return m.sync_error_offline();
		case 'access_refused':
		case 'session_required':
			return m.sync_error_access();
		case 'storage_full':
			return m.sync_error_storage();
		case 'book_mismatch':
			return m.sync_error_other_book();
		case 'pull_refused':
			return m.sync_error_pull_refused();
		default:
			return m.sync_error_server();
	}
}
