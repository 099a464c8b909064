// Registering, editing and retiring members, and recording their advances and charges: each is
// one op through the store's `record`, checked first so that a bad field is refused before
// anything is written. Offline it records the same (the op waits as pending until sync). Each
// form makes its op id once and passes it again on retry, so a retried save is not stored twice.
import { activities as activityValues } from '$lib/domain/op-payloads';
import { todayInLima } from '$lib/ops/business-date';
import { record } from '$lib/store/record';
import { allMembers } from '$lib/store/member-queries';
import type { MemberRow } from '$lib/store/schema';
import { failedOutcome, saveOutcome, type SaveOutcome } from '../collection/record-outcome';
import { fieldMessage } from '../collection/field-messages';
import { checkAmount, checkPastDate } from '../collection/typed-values';
import { nextMemberCode } from './member-code';

export type Activity = (typeof activityValues)[number];

export interface TypedMember {
	fullName: string;
	dni: string;
	phone: string;
	district: string;
	activities: Activity[];
}

export const memberLimits = { fullName: { max: 120 }, district: { max: 60 } };

/** Field checks a person understands before the schema's: DNI and mobile digits, a name. */
function checkMember(typed: TypedMember): Record<string, string> {
	const errors: Record<string, string> = {};
	if (!typed.fullName.trim()) errors.fullName = fieldMessage('required');
	const dni = typed.dni.replace(/\s/g, '');
	if (dni && !/^\d{8}$/.test(dni)) errors.dni = fieldMessage('dni_must_have_8_digits');
	const phone = typed.phone.replace(/[\s-]/g, '');
	if (phone && !/^9\d{8}$/.test(phone)) {
		errors.phone = fieldMessage('phone_must_have_9_digits_starting_with_9');
	}
	return errors;
}

function cleaned(typed: TypedMember) {
	return {
		fullName: typed.fullName.trim().replace(/\s+/g, ' '),
		dni: typed.dni.replace(/\s/g, ''),
		phone: typed.phone.replace(/[\s-]/g, ''),
		district: typed.district.trim(),
		activities: activityValues.filter((activity) => typed.activities.includes(activity))
	};
}

/** Registers a member with the next free code; returns the new member's id with the outcome. */
export async function registerMember({
	opId,
	memberId,
	typed
}: {
	opId: string;
	memberId: string;
	typed: TypedMember;
}): Promise<SaveOutcome> {
	const errors = checkMember(typed);
	if (Object.keys(errors).length > 0) return invalid(errors);
	const values = cleaned(typed);
	try {
		const code = nextMemberCode((await allMembers()).map((row) => row.code));
		const result = await record({
			id: opId,
			type: 'member.registered',
			date: todayInLima(),
			payload: {
				memberId,
				code,
				fullName: values.fullName,
				...(values.dni ? { dni: values.dni } : {}),
				...(values.phone ? { phone: values.phone } : {}),
				...(values.district ? { district: values.district } : {}),
				activities: values.activities,
				joinedOn: todayInLima()
			}
		});
		return saveOutcome(result, memberLimits);
	} catch {
		return failedOutcome();
	}
}

/** Records only the fields that changed; `null` clears an optional one. */
export async function updateMember({
	opId,
	member,
	typed
}: {
	opId: string;
	member: MemberRow;
	typed: TypedMember;
}): Promise<SaveOutcome | { ok: 'unchanged' }> {
	const errors = checkMember(typed);
	if (Object.keys(errors).length > 0) return invalid(errors);
	const values = cleaned(typed);
	const changes: Record<string, unknown> = {};
	if (values.fullName !== member.fullName) changes.fullName = values.fullName;
	for (const field of ['dni', 'phone', 'district'] as const) {
		if (values[field] !== (member[field] ?? '')) changes[field] = values[field] || null;
	}
	if (values.activities.join() !== (member.activities ?? []).join()) {
		changes.activities = values.activities;
	}
	if (Object.keys(changes).length === 0) return { ok: 'unchanged' };
	try {
		const result = await record({
			id: opId,
			type: 'member.updated',
			date: todayInLima(),
			payload: { memberId: member.memberId, ...changes }
		});
		return saveOutcome(result, memberLimits);
	} catch {
		return failedOutcome();
	}
}

export async function retireMember({
	opId,
	memberId,
	reason
}: {
	opId: string;
	memberId: string;
	reason: string;
}): Promise<SaveOutcome> {
	if (!reason.trim()) return invalid({ reason: fieldMessage('reason') });
	try {
		const result = await record({
			id: opId,
			type: 'member.retired',
			date: todayInLima(),
			payload: { memberId, reason: reason.trim() }
		});
		return saveOutcome(result, { reason: { max: 280 } });
	} catch {
		return failedOutcome();
	}
}

export interface TypedMovement {
	amount: string;
	date: string;
	/** Advance: efectivo/transferencia/yape/plin. Charge: insumo/cuota/aporte/transporte/otro. */
	choice: string;
	description: string;
}

/** A cash advance (efectivo, transferencia, Yape, Plin), deducted from the next statement. */
export async function giveAdvance({
	opId,
	memberId,
	typed
}: {
	opId: string;
	memberId: string;
	typed: TypedMovement;
}): Promise<SaveOutcome> {
	const errors: Record<string, string> = {};
	const amount = checkAmount(typed.amount);
	if (!amount.ok) errors.amount = fieldMessage(amount.code);
	const date = checkPastDate(typed.date, todayInLima());
	if (!date.ok) errors.date = fieldMessage(date.code);
	if (!typed.choice) errors.choice = fieldMessage('choose');
	if (!amount.ok || !date.ok || !typed.choice) return invalid(errors);
	try {
		const result = await record({
			id: opId,
			type: 'advance.given',
			date: date.value,
			payload: { memberId, amount: amount.value, method: typed.choice }
		});
		return renameMethod(saveOutcome(result));
	} catch {
		return failedOutcome();
	}
}

/** A charge on the member's account: inputs on credit, dues, capital withheld, transport. */
export async function recordCharge({
	opId,
	memberId,
	typed
}: {
	opId: string;
	memberId: string;
	typed: TypedMovement;
}): Promise<SaveOutcome> {
	const errors: Record<string, string> = {};
	const amount = checkAmount(typed.amount);
	if (!amount.ok) errors.amount = fieldMessage(amount.code);
	const date = checkPastDate(typed.date, todayInLima());
	if (!date.ok) errors.date = fieldMessage(date.code);
	if (!typed.choice) errors.choice = fieldMessage('choose');
	if (!typed.description.trim()) errors.description = fieldMessage('required');
	if (!amount.ok || !date.ok || Object.keys(errors).length > 0) return invalid(errors);
	try {
		const result = await record({
			id: opId,
			type: 'charge.recorded',
			date: date.value,
			payload: {
				memberId,
				kind: typed.choice,
				amount: amount.value,
				description: typed.description.trim()
			}
		});
		const outcome = saveOutcome(result, { description: { max: 140 } });
		if (outcome.ok || !outcome.fields.kind) return outcome;
		return { ...outcome, fields: { ...outcome.fields, choice: outcome.fields.kind } };
	} catch {
		return failedOutcome();
	}
}

function renameMethod(outcome: SaveOutcome): SaveOutcome {
	if (outcome.ok || !outcome.fields.method) return outcome;
	return { ...outcome, fields: { ...outcome.fields, choice: outcome.fields.method } };
}

function invalid(fields: Record<string, string>): SaveOutcome {
	return { ok: false, fields, form: fieldMessage('form') };
}
