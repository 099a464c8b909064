// Setting the milk price from a date on, with its quality rules. One `price.set` op through the
// store; prices are never edited: a later price (or one recorded later for the same day) replaces
// it from its date on, and the history keeps every one. Offline it records the same; the form's
// op id is reused on retry so a retried save is stored once.
import { todayInLima } from '$lib/ops/business-date';
import { record } from '$lib/store/record';
import { fieldMessage } from './field-messages';
import { failedOutcome, saveOutcome, type SaveOutcome } from './record-outcome';
import { checkAdjustment, checkFat, checkPastDate, checkPricePerLiter } from './typed-values';

export interface TypedBand {
	min: string;
	max: string;
	adjust: string;
}

export interface TypedPrice {
	pricePerLiter: string;
	effectiveFrom: string;
	bands: TypedBand[];
	rejectOnFailedAlcohol: boolean;
}

export async function setPrice({
	opId,
	typed
}: {
	opId: string;
	typed: TypedPrice;
}): Promise<SaveOutcome> {
	const today = todayInLima();
	const errors: Record<string, string> = {};
	const price = checkPricePerLiter(typed.pricePerLiter);
	if (!price.ok) errors.pricePerLiter = fieldMessage(price.code);
	const from = checkPastDate(typed.effectiveFrom, today);
	if (!from.ok) errors.effectiveFrom = fieldMessage(from.code);
	const fatBands = typed.bands.map((band, index) => {
		const min = checkFat(band.min);
		const max = band.max.trim() === '' ? undefined : checkFat(band.max);
		const adjust = checkAdjustment(band.adjust);
		if (!min.ok) errors[`band-${index}-min`] = fieldMessage(min.code);
		if (max && !max.ok) errors[`band-${index}-max`] = fieldMessage(max.code);
		if (!adjust.ok) errors[`band-${index}-adjust`] = fieldMessage(adjust.code);
		return {
			minFatPct: min.ok ? min.value : '0',
			...(max?.ok ? { maxFatPct: max.value } : {}),
			adjustmentPerLiter: adjust.ok ? adjust.value : '0'
		};
	});
	if (!price.ok || !from.ok || Object.keys(errors).length > 0) {
		return { ok: false, fields: errors, form: fieldMessage('form') };
	}
	try {
		const result = await record({
			id: opId,
			type: 'price.set',
			date: today,
			payload: {
				product: 'leche',
				pricePerLiter: price.value,
				effectiveFrom: from.value,
				qualityRules: { fatBands, rejectOnFailedAlcohol: typed.rejectOnFailedAlcohol }
			}
		});
		return saveOutcome(result);
	} catch {
		return failedOutcome();
	}
}
