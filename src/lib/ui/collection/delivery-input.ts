// What the collector typed on one row of the collection sheet, checked before anything is saved:
// liters on the phone's decimal keyboard ("12,5" or "12.5"), the optional quality readings, and
// rejected liters with their reason. Returns the `delivery.recorded` payload or, per field, the
// rule the text breaks, so the sheet can say it beside the row and keep what was typed.
import { parseQuantityInput, type InputError } from '$lib/domain/money';
import { litersToCentiliters } from '$lib/domain/fixed-point';
import type { PayloadOf } from '$lib/domain/op-payloads';
import type { Shift } from './shift-clock';

export type DeliveryPayload = PayloadOf<'delivery.recorded'>;

export interface TypedDelivery {
	liters: string;
	fatPct: string;
	density: string;
	acidityD: string;
	alcoholTest: '' | 'pass' | 'fail';
	rejectedLiters: string;
	rejectReason: string;
}

export const emptyTypedDelivery: TypedDelivery = {
	liters: '',
	fatPct: '',
	density: '',
	acidityD: '',
	alcoholTest: '',
	rejectedLiters: '',
	rejectReason: ''
};

export type DeliveryField = keyof TypedDelivery;

export type DeliveryInputError =
	| 'required'
	| 'liters_number'
	| 'liters_negative'
	| 'liters_decimals'
	| 'liters_too_large'
	| 'liters_confirm_big'
	| 'reading'
	| 'rejected_too_many'
	| 'reject_reason';

export type CheckedDelivery =
	| { ok: true; payload: DeliveryPayload }
	| { ok: false; errors: Partial<Record<DeliveryField, DeliveryInputError>> };

/** More than this in one shift from one producer is unusual enough to ask for a second look. */
export const bigShiftCentiliters = 200_00;

function litersError(error: InputError): DeliveryInputError {
	switch (error) {
		case 'empty':
			return 'required';
		case 'negative_not_allowed':
			return 'liters_negative';
		case 'too_many_decimals':
			return 'liters_decimals';
		case 'too_large':
			return 'liters_too_large';
		default:
			return 'liters_number';
	}
}

/**
 * Liters as typed at the collection point. A lone comma is always the decimal mark here: nobody
 * delivers thousands of liters in a shift, so "12,555" is a mistyped 12.555, not 12 555 L.
 */
function readLiters(text: string) {
	const decimalComma = /^[^.,]*,[^.,]*$/.test(text) ? text.replace(',', '.') : text;
	return parseQuantityInput(decimalComma, 'L');
}

/** A reading (fat %, density, acidity): up to three decimals, comma or point. */
function readReading(text: string): { ok: true; value?: string } | { ok: false } {
	if (text.trim() === '') return { ok: true };
	const parsed = parseQuantityInput(text, 'kg');
	if (!parsed.ok || Number(parsed.value) >= 10_000) return { ok: false };
	return { ok: true, value: parsed.value };
}

/**
 * Checks a typed row. `confirmedBig` is true when the collector already saw the "> 200 L" warning
 * for these same liters and saved again. `alcoholFailReason` is the reason written for milk that
 * fails the alcohol test when the collector wrote none (it is the whole delivery that is rejected).
 */
export function checkDelivery({
	typed,
	memberId,
	shift,
	confirmedBig,
	alcoholFailReason
}: {
	typed: TypedDelivery;
	memberId: string;
	shift: Shift;
	confirmedBig: boolean;
	alcoholFailReason: string;
}): CheckedDelivery {
	const errors: Partial<Record<DeliveryField, DeliveryInputError>> = {};
	const liters = readLiters(typed.liters);
	if (!liters.ok) errors.liters = litersError(liters.error);
	else if (litersToCentiliters(liters.value) > bigShiftCentiliters && !confirmedBig) {
		errors.liters = 'liters_confirm_big';
	}
	const payload: DeliveryPayload = {
		memberId,
		shift,
		liters: liters.ok ? liters.value : '0'
	};
	for (const field of ['fatPct', 'density', 'acidityD'] as const) {
		const reading = readReading(typed[field]);
		if (!reading.ok) errors[field] = 'reading';
		else if (reading.value !== undefined) payload[field] = reading.value;
	}
	if (typed.alcoholTest) payload.alcoholTest = typed.alcoholTest;

	const rejectReason = typed.rejectReason.trim();
	if (typed.alcoholTest === 'fail' && liters.ok) {
		// Milk that fails the alcohol test curdles when heated: all of it is rejected.
		payload.rejectedLiters = liters.value;
		payload.rejectReason = rejectReason || alcoholFailReason;
	} else if (typed.rejectedLiters.trim() !== '') {
		const rejected = readLiters(typed.rejectedLiters);
		if (!rejected.ok) errors.rejectedLiters = litersError(rejected.error);
		else if (liters.ok && litersToCentiliters(rejected.value) > litersToCentiliters(liters.value)) {
			errors.rejectedLiters = 'rejected_too_many';
		} else if (litersToCentiliters(rejected.value) > 0) {
			payload.rejectedLiters = rejected.value;
			if (!rejectReason) errors.rejectReason = 'reject_reason';
			else payload.rejectReason = rejectReason;
		}
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, payload };
}

/** A stored delivery shown again as typed text, to start a correction from what was recorded. */
export function typedFromPayload(payload: DeliveryPayload): TypedDelivery {
	return {
		liters: payload.liters,
		fatPct: payload.fatPct ?? '',
		density: payload.density ?? '',
		acidityD: payload.acidityD ?? '',
		alcoholTest: payload.alcoholTest ?? '',
		rejectedLiters: payload.alcoholTest === 'fail' ? '' : (payload.rejectedLiters ?? ''),
		rejectReason: payload.alcoholTest === 'fail' ? '' : (payload.rejectReason ?? '')
	};
}
