// The milk price in force on a day and what quality adds or takes away per liter (DESIGN.md
// section 4, `price.set`): the latest price whose effectiveFrom is on or before the delivery's
// date, plus the fat band's bonus or penalty; milk that fails the alcohol test is rejected.
import type { PayloadOf } from './op-payloads';
import {
	litersToCentiliters,
	readingToThousandths,
	tenThousandthsToUnitPrice,
	unitPriceToTenThousandths
} from './money';

export type PriceSet = PayloadOf<'price.set'>;
export type QualityRules = NonNullable<PriceSet['qualityRules']>;
/** A price as recorded: its payload and the hlc of its op, which orders prices set the same day. */
export type PriceRecord = { hlc: string; payload: PriceSet };

/**
 * The price in force on `date`: the latest effectiveFrom on or before it; when two prices start
 * the same day, the one recorded last (highest hlc) wins, so a correction replaces a mistake.
 */
export function priceInForce({
	prices,
	date
}: {
	prices: readonly PriceRecord[];
	date: string;
}): PriceSet | null {
	let best: PriceRecord | null = null;
	for (const price of prices) {
		const from = price.payload.effectiveFrom;
		if (from > date) continue;
		if (
			!best ||
			from > best.payload.effectiveFrom ||
			(from === best.payload.effectiveFrom && price.hlc > best.hlc)
		) {
			best = price;
		}
	}
	return best?.payload ?? null;
}

/** A fat band in integers: fat % in thousandths, adjustment in ten-thousandths of a sol. */
type CompiledBand = { minFat: number; maxFat: number; adjustment: number };

/** A price ready for the hot loop: integers only, bands sorted by their lower bound, highest first. */
export type CompiledPrice = {
	effectiveFrom: string;
	hlc: string;
	basePerLiterTenThousandths: number;
	bands: readonly CompiledBand[];
	rejectOnFailedAlcohol: boolean;
};

export function compilePrice(record: PriceRecord): CompiledPrice {
	const rules = record.payload.qualityRules;
	const bands = (rules?.fatBands ?? [])
		.map((band, order) => ({
			minFat: readingToThousandths(band.minFatPct),
			maxFat: band.maxFatPct === undefined ? Infinity : readingToThousandths(band.maxFatPct),
			adjustment: unitPriceToTenThousandths(band.adjustmentPerLiter),
			order
		}))
		// When bands overlap the most specific (highest lower bound) applies; list order breaks ties.
		.sort((a, b) => b.minFat - a.minFat || a.order - b.order)
		.map(({ minFat, maxFat, adjustment }) => ({ minFat, maxFat, adjustment }));
	return {
		effectiveFrom: record.payload.effectiveFrom,
		hlc: record.hlc,
		basePerLiterTenThousandths: unitPriceToTenThousandths(record.payload.pricePerLiter),
		bands,
		rejectOnFailedAlcohol: rules?.rejectOnFailedAlcohol ?? true
	};
}

/** The adjustment per liter (ten-thousandths, signed) for a fat reading; 0 without a reading. */
export function fatAdjustment(price: CompiledPrice, fatThousandths: number | null): number {
	if (fatThousandths === null) return 0;
	for (const band of price.bands) {
		if (fatThousandths >= band.minFat && fatThousandths < band.maxFat) return band.adjustment;
	}
	return 0;
}

/**
 * The price per liter a delivery earns: base plus its fat band's adjustment, never below zero —
 * a penalty can take away the price of the milk, but a delivery never costs its producer money.
 */
export function pricePerLiterFor(price: CompiledPrice, fatThousandths: number | null): number {
	return Math.max(0, price.basePerLiterTenThousandths + fatAdjustment(price, fatThousandths));
}

/** The quality adjustment per liter as price text ("0.0500", "-0.1000"). */
export function qualityAdjustmentPerLiter({
	rules,
	fatPct
}: {
	rules: QualityRules | undefined;
	fatPct: string | undefined;
}): string {
	const compiled = compilePrice({
		hlc: '',
		payload: {
			product: 'leche',
			pricePerLiter: '0',
			effectiveFrom: '2000-01-01',
			qualityRules: rules
		}
	});
	return tenThousandthsToUnitPrice(
		fatAdjustment(compiled, fatPct === undefined ? null : readingToThousandths(fatPct))
	);
}

type Delivery = PayloadOf<'delivery.recorded'>;

/**
 * Centiliters accepted and rejected of a delivery. A failed alcohol test rejects all of it when
 * the rules say so (the default: such milk curdles when heated and the plant refuses it);
 * otherwise the collector's rejected liters, if any, are set aside.
 */
export function splitAccepted(
	delivery: Delivery,
	rejectOnFailedAlcohol: boolean
): { acceptedCentiliters: number; rejectedCentiliters: number } {
	const total = litersToCentiliters(delivery.liters);
	if (delivery.alcoholTest === 'fail' && rejectOnFailedAlcohol) {
		return { acceptedCentiliters: 0, rejectedCentiliters: total };
	}
	// zod refuses more rejected than delivered liters; the clamp keeps a bad import from paying
	// a negative amount.
	const rejected = Math.min(
		total,
		delivery.rejectedLiters === undefined ? 0 : litersToCentiliters(delivery.rejectedLiters)
	);
	return { acceptedCentiliters: total - rejected, rejectedCentiliters: rejected };
}

/** Whether a delivery earns nothing at all under the rules of `price`. */
export function isRejected(delivery: Delivery, rules: QualityRules | undefined): boolean {
	return splitAccepted(delivery, rules?.rejectOnFailedAlcohol ?? true).acceptedCentiliters === 0;
}

/**
 * Prices compiled once and searchable by date: what valuing a month of deliveries needs, since
 * it asks for the price of the same few dates thousands of times.
 */
export type PriceSchedule = {
	/** Sorted by effectiveFrom, then hlc; the last one not after a date is in force. */
	readonly prices: readonly CompiledPrice[];
	/** A memo of lookups by date; filling it changes no answer, it only saves the search. */
	readonly byDate: Map<string, CompiledPrice | null>;
};

export function compilePriceSchedule(records: readonly PriceRecord[]): PriceSchedule {
	const prices = records
		.map(compilePrice)
		.sort((a, b) =>
			a.effectiveFrom !== b.effectiveFrom
				? a.effectiveFrom < b.effectiveFrom
					? -1
					: 1
				: a.hlc < b.hlc
					? -1
					: a.hlc > b.hlc
						? 1
						: 0
		);
	return { prices, byDate: new Map() };
}

/** The compiled price in force on `date`, or null before the first price was set. */
export function compiledPriceOn(schedule: PriceSchedule, date: string): CompiledPrice | null {
	const cached = schedule.byDate.get(date);
	if (cached !== undefined) return cached;
	let found: CompiledPrice | null = null;
	for (const price of schedule.prices) {
		if (price.effectiveFrom > date) break;
		found = price;
	}
	schedule.byDate.set(date, found);
	return found;
}
