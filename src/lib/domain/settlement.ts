// A producer's statement (liquidación): deliveries valued at the price in force on their day with
// quality adjustments, one line per price, each rounded once half-up to the céntimo; then the
// deductions and the carried balance give the net. Pure, so every device issues the same numbers.
import {
	centilitersToLiters,
	centsToMoney,
	formatUnitPrice,
	lineAmountCents,
	litersToCentiliters,
	moneyToCents,
	multiplyToMoney,
	readingToThousandths,
	tenThousandthsToUnitPrice
} from './money';
import type { PayloadOf } from './op-payloads';
import { compiledPriceOn, type CompiledPrice, type PriceSchedule } from './pricing';

export type DeliveryRecord = { id: string; date: string; payload: PayloadOf<'delivery.recorded'> };
export type SettlementPayload = PayloadOf<'settlement.issued'>;
export type SettlementLine = SettlementPayload['lines'][number];
export type Deduction = SettlementPayload['deductions'][number];

/**
 * One price a liter can earn in a statement's date range: a base price with one quality
 * adjustment. Liters are summed per price line and each line is rounded once.
 */
export type PriceLine = {
	basePerLiterTenThousandths: number;
	/** What quality adds or removes per liter, after the floor at zero of `pricePerLiterFor`. */
	adjustmentPerLiterTenThousandths: number;
	/** Base plus adjustment, as it is written on the statement ("1.3400"). */
	pricePerLiter: string;
	description: string;
};

export type MemberValuation = {
	memberId: string;
	/** Accepted centiliters per price line (same indices as `Valuation.lines`). */
	centilitersByLine: number[];
	rejectedCentiliters: number;
	/** Deliveries dated before any price was set: the statement cannot be issued until one is. */
	unpricedDeliveryIds: string[];
};

export type Valuation = {
	/** The distinct prices of the range, highest first: the order statement lines are shown in. */
	lines: readonly PriceLine[];
	members: Map<string, MemberValuation>;
};

function describeLine(basePerLiter: number, adjustmentPerLiter: number): string {
	const base = `Leche a ${formatUnitPrice(basePerLiter)}/L`;
	if (adjustmentPerLiter === 0) return base;
	const kind = adjustmentPerLiter > 0 ? 'bonificación' : 'descuento';
	return `${base}, ${kind} por grasa ${formatUnitPrice(Math.abs(adjustmentPerLiter))}/L`;
}

/**
 * How one price record's deliveries find their statement line. A fat reading below the highest
 * band boundary is looked up in a table indexed by thousandths of a percent (one memory read
 * instead of a search of the bands); above every boundary the line no longer changes, so it is
 * known in advance. Only boundaries beyond 10 % (no real milk) fall back to a search.
 */
type PriceRouting = {
	price: CompiledPrice;
	lineWithoutReading: number;
	lineByFat: Int32Array;
	/** The line of every reading at or above the table's end; null when bands go beyond it. */
	lineAboveTable: number | null;
	/** Line per band, in the order of `price.bands`, for the search. */
	lineByBand: readonly number[];
};

const fatTableLimit = 10_000;

/** The line of a fat reading found by searching the bands (pricing.ts: first match wins). */
function lineForFat(routing: PriceRouting, fatThousandths: number): number {
	const bands = routing.price.bands;
	for (let index = 0; index < bands.length; index++) {
		const band = bands[index];
		if (band !== undefined && fatThousandths >= band.minFat && fatThousandths < band.maxFat) {
			return routing.lineByBand[index] ?? 0;
		}
	}
	return routing.lineWithoutReading;
}

function routingFor(
	price: CompiledPrice,
	lineWithoutReading: number,
	lineByBand: number[]
): PriceRouting {
	let highestBoundary = 0;
	for (const band of price.bands) {
		highestBoundary = Math.max(highestBoundary, band.minFat);
		if (Number.isFinite(band.maxFat)) highestBoundary = Math.max(highestBoundary, band.maxFat);
	}
	const tableSize = Math.min(fatTableLimit, highestBoundary + 1);
	const routing: PriceRouting = {
		price,
		lineWithoutReading,
		lineByFat: new Int32Array(tableSize),
		lineAboveTable: null,
		lineByBand
	};
	// The first matching band wins and bands are sorted highest lower bound first (pricing.ts),
	// so filling from the last band to the first lets each earlier band overwrite later ones.
	routing.lineByFat.fill(lineWithoutReading);
	for (let index = price.bands.length - 1; index >= 0; index--) {
		const band = price.bands[index];
		const end = Math.min(tableSize, band?.maxFat ?? 0);
		if (band && band.minFat < end) routing.lineByFat.fill(lineByBand[index] ?? 0, band.minFat, end);
	}
	if (highestBoundary < tableSize) routing.lineAboveTable = lineForFat(routing, tableSize);
	return routing;
}

/**
 * The price lines of a range, and for every price in force in it how its deliveries reach them.
 * Computed once per valuation, so the hot loop does no lookups by text and every member's
 * statement shares the descriptions.
 */
function priceLinesFor(
	schedule: PriceSchedule,
	from: string,
	to: string
): { lines: PriceLine[]; routingByPrice: Map<CompiledPrice, PriceRouting> } {
	const inForceAtStart = compiledPriceOn(schedule, from);
	const prices = schedule.prices.filter(
		(price) => price === inForceAtStart || (price.effectiveFrom > from && price.effectiveFrom <= to)
	);
	const pairs = new Map<string, { base: number; adjustment: number }>();
	const pairKey = (base: number, bandAdjustment: number): string => {
		// pricePerLiterFor's floor at zero: the adjustment is what is really paid.
		const adjustment = Math.max(0, base + bandAdjustment) - base;
		const key = `${base}:${adjustment}`;
		pairs.set(key, { base, adjustment });
		return key;
	};
	const keysByPrice = prices.map((price) => ({
		price,
		withoutReading: pairKey(price.basePerLiterTenThousandths, 0),
		byBand: price.bands.map((band) => pairKey(price.basePerLiterTenThousandths, band.adjustment))
	}));
	const ordered = [...pairs].sort(
		([, a], [, b]) => b.base + b.adjustment - (a.base + a.adjustment) || b.base - a.base
	);
	const lineIndex = new Map(ordered.map(([key], index) => [key, index]));
	const lines = ordered.map(([, { base, adjustment }]) => ({
		basePerLiterTenThousandths: base,
		adjustmentPerLiterTenThousandths: adjustment,
		pricePerLiter: tenThousandthsToUnitPrice(base + adjustment),
		description: describeLine(base, adjustment)
	}));
	const routingByPrice = new Map<CompiledPrice, PriceRouting>();
	for (const { price, withoutReading, byBand } of keysByPrice) {
		const lineWithoutReading = lineIndex.get(withoutReading) ?? 0;
		const lineByBand = byBand.map((key) => lineIndex.get(key) ?? 0);
		routingByPrice.set(price, routingFor(price, lineWithoutReading, lineByBand));
	}
	return { lines, routingByPrice };
}

/** A packed array of zeros (`new Array(n).fill(0)` would stay holey, and slower to index). */
function zeros(length: number): number[] {
	const array: number[] = [];
	for (let index = 0; index < length; index++) array.push(0);
	return array;
}

/**
 * Values deliveries member by member: the hot loop of a month (30,000 deliveries for a
 * 500-member association). It runs on integers only — centiliters, thousandths of fat %,
 * ten-thousandths of a sol — and sums liters per price line; no amount is rounded here.
 */
export function valueDeliveries({
	deliveries,
	schedule,
	from,
	to,
	voidedIds
}: {
	deliveries: readonly DeliveryRecord[];
	schedule: PriceSchedule;
	/** Inclusive business-date range of the statement; deliveries outside it are skipped. */
	from: string;
	to: string;
	voidedIds?: ReadonlySet<string>;
}): Valuation {
	const { lines, routingByPrice } = priceLinesFor(schedule, from, to);
	const lineCount = lines.length;
	const members = new Map<string, MemberValuation>();
	// Deliveries come mostly in date order, so the day's price is looked up only when it changes.
	let lastDate = '';
	let inRange = false;
	let routing: PriceRouting | undefined;
	// The day's routing in locals, so the loop body reads no nested properties.
	let fatTable: Int32Array = new Int32Array(0);
	let lineAboveTable: number | null = null;
	let lineWithoutReading = 0;
	let rejectOnFailedAlcohol = true;
	for (const delivery of deliveries) {
		const date = delivery.date;
		if (date !== lastDate) {
			lastDate = date;
			inRange = date >= from && date <= to;
			const price = inRange ? compiledPriceOn(schedule, date) : null;
			routing = price === null ? undefined : routingByPrice.get(price);
			if (routing !== undefined) {
				fatTable = routing.lineByFat;
				lineAboveTable = routing.lineAboveTable;
				lineWithoutReading = routing.lineWithoutReading;
				rejectOnFailedAlcohol = routing.price.rejectOnFailedAlcohol;
			}
		}
		if (!inRange) continue;
		if (voidedIds !== undefined && voidedIds.has(delivery.id)) continue;
		const payload = delivery.payload;
		let valuation = members.get(payload.memberId);
		if (valuation === undefined) {
			valuation = {
				memberId: payload.memberId,
				centilitersByLine: zeros(lineCount),
				rejectedCentiliters: 0,
				unpricedDeliveryIds: []
			};
			members.set(payload.memberId, valuation);
		}
		if (routing === undefined) {
			valuation.unpricedDeliveryIds.push(delivery.id);
			continue;
		}
		const centiliters = litersToCentiliters(payload.liters);
		if (payload.alcoholTest === 'fail' && rejectOnFailedAlcohol) {
			valuation.rejectedCentiliters += centiliters;
			continue;
		}
		let accepted = centiliters;
		if (payload.rejectedLiters !== undefined) {
			const rejected = Math.min(centiliters, litersToCentiliters(payload.rejectedLiters));
			valuation.rejectedCentiliters += rejected;
			accepted -= rejected;
		}
		const fatPct = payload.fatPct;
		let line = lineWithoutReading;
		if (fatPct !== undefined) {
			const fat = readingToThousandths(fatPct);
			line =
				fat < fatTable.length ? (fatTable[fat] ?? 0) : (lineAboveTable ?? lineForFat(routing, fat));
		}
		const byLine = valuation.centilitersByLine;
		byLine[line] = (byLine[line] ?? 0) + accepted;
	}
	return { lines, members };
}

/**
 * The statement lines of one member: one per price, highest first, amount = liters × price
 * rounded half-up once; a zero-amount line shows rejected milk so the producer sees it was
 * received and why it earns nothing.
 */
export function statementLines(
	lines: readonly PriceLine[],
	valuation: MemberValuation
): { lines: SettlementLine[]; grossCents: number } {
	const out: SettlementLine[] = [];
	let grossCents = 0;
	for (let index = 0; index < lines.length; index++) {
		const centiliters = valuation.centilitersByLine[index] ?? 0;
		const line = lines[index];
		if (centiliters === 0 || line === undefined) continue;
		const pricePerLiter = line.basePerLiterTenThousandths + line.adjustmentPerLiterTenThousandths;
		const amountCents = lineAmountCents({
			centiliters,
			pricePerLiterTenThousandths: pricePerLiter
		});
		grossCents += amountCents;
		out.push({
			description: line.description,
			liters: centilitersToLiters(centiliters),
			pricePerLiter: line.pricePerLiter,
			amount: centsToMoney(amountCents)
		});
	}
	if (valuation.rejectedCentiliters > 0) {
		out.push({
			description: 'Leche rechazada (no se paga)',
			liters: centilitersToLiters(valuation.rejectedCentiliters),
			pricePerLiter: '0.0000',
			amount: '0.00'
		});
	}
	return { lines: out, grossCents };
}

export type SettlementResult =
	| { ok: true; payload: SettlementPayload }
	| {
			ok: false;
			memberId: string;
			rule: 'price_must_be_set_for_every_delivery_date';
			deliveryIds: string[];
	  };

/** Deductions in a fixed order (kind, then source op id) so every device lists them alike. */
function orderDeductions(deductions: readonly Deduction[]): Deduction[] {
	if (deductions.length < 2) return [...deductions];
	return [...deductions].sort((a, b) =>
		a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.sourceId < b.sourceId ? -1 : 1
	);
}

function settlementFromValuation({
	settlementId,
	memberId,
	periodFrom,
	periodTo,
	valuation,
	deductions,
	carriedIn
}: {
	settlementId: string;
	memberId: string;
	periodFrom: string;
	periodTo: string;
	valuation: { lines: readonly PriceLine[]; member: MemberValuation | undefined };
	deductions: readonly Deduction[];
	carriedIn: string;
}): SettlementResult {
	const member = valuation.member;
	if (member && member.unpricedDeliveryIds.length > 0) {
		return {
			ok: false,
			memberId,
			rule: 'price_must_be_set_for_every_delivery_date',
			deliveryIds: member.unpricedDeliveryIds
		};
	}
	const { lines, grossCents } = member
		? statementLines(valuation.lines, member)
		: { lines: [], grossCents: 0 };
	let deductedCents = 0;
	for (const deduction of deductions) deductedCents += moneyToCents(deduction.amount);
	const netCents = grossCents - deductedCents + moneyToCents(carriedIn);
	return {
		ok: true,
		payload: {
			settlementId,
			memberId,
			periodFrom,
			periodTo,
			lines,
			gross: centsToMoney(grossCents),
			deductions: orderDeductions(deductions),
			carriedIn,
			net: centsToMoney(netCents)
		}
	};
}

/**
 * One member's statement for [periodFrom, periodTo]: the deliveries (any member's may be passed;
 * only this member's count), the advances and charges to deduct, and the balance carried in
 * (negative when the member owed). It computes and never records: issuing is the caller's op.
 */
export function computeSettlement({
	settlementId,
	memberId,
	periodFrom,
	periodTo,
	deliveries,
	schedule,
	deductions = [],
	carriedIn = '0.00',
	voidedIds
}: {
	settlementId: string;
	memberId: string;
	periodFrom: string;
	periodTo: string;
	deliveries: readonly DeliveryRecord[];
	schedule: PriceSchedule;
	deductions?: readonly Deduction[];
	carriedIn?: string;
	voidedIds?: ReadonlySet<string>;
}): SettlementResult {
	const own = deliveries.filter((delivery) => delivery.payload.memberId === memberId);
	const valuation = valueDeliveries({
		deliveries: own,
		schedule,
		from: periodFrom,
		to: periodTo,
		...(voidedIds ? { voidedIds } : {})
	});
	return settlementFromValuation({
		settlementId,
		memberId,
		periodFrom,
		periodTo,
		valuation: { lines: valuation.lines, member: valuation.members.get(memberId) },
		deductions,
		carriedIn
	});
}

/**
 * Every member's statement for a period in one pass over the deliveries: members with deliveries,
 * deductions or a carried balance get one, in member id order.
 */
export function computeSettlements({
	periodFrom,
	periodTo,
	deliveries,
	schedule,
	settlementIdFor,
	deductionsByMember = new Map(),
	carriedInByMember = new Map(),
	voidedIds
}: {
	periodFrom: string;
	periodTo: string;
	deliveries: readonly DeliveryRecord[];
	schedule: PriceSchedule;
	/** The id each new statement gets (a UUIDv7 made by the caller, reused on retry). */
	settlementIdFor: (memberId: string) => string;
	deductionsByMember?: ReadonlyMap<string, readonly Deduction[]>;
	carriedInByMember?: ReadonlyMap<string, string>;
	voidedIds?: ReadonlySet<string>;
}): SettlementResult[] {
	const valuations = valueDeliveries({
		deliveries,
		schedule,
		from: periodFrom,
		to: periodTo,
		...(voidedIds ? { voidedIds } : {})
	});
	const members = new Set([
		...valuations.members.keys(),
		...deductionsByMember.keys(),
		...carriedInByMember.keys()
	]);
	const memberIds = [...members];
	// UUIDv7 ids of members registered in order usually arrive sorted; check before sorting.
	if (memberIds.some((memberId, index) => index > 0 && (memberIds[index - 1] ?? '') > memberId)) {
		memberIds.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	}
	return memberIds.map((memberId) =>
		settlementFromValuation({
			settlementId: settlementIdFor(memberId),
			memberId,
			periodFrom,
			periodTo,
			valuation: { lines: valuations.lines, member: valuations.members.get(memberId) },
			deductions: deductionsByMember.get(memberId) ?? [],
			carriedIn: carriedInByMember.get(memberId) ?? '0.00'
		})
	);
}

export type SettlementCheckError = {
	rule:
		| 'line_amount_must_equal_liters_times_price'
		| 'gross_must_equal_sum_of_lines'
		| 'net_must_equal_gross_minus_deductions_plus_carried_in'
		| 'deduction_must_be_taken_once'
		| 'period_must_not_end_before_it_starts';
	detail: string;
};

/**
 * Re-checks a statement's arithmetic with decimal.js (independently of the integer path that
 * produced it), listing every mismatch: what the server and an import run before accepting one.
 */
export function checkSettlement(payload: SettlementPayload): SettlementCheckError[] {
	const errors: SettlementCheckError[] = [];
	if (payload.periodTo < payload.periodFrom) {
		errors.push({
			rule: 'period_must_not_end_before_it_starts',
			detail: `${payload.periodFrom} > ${payload.periodTo}`
		});
	}
	let linesCents = 0;
	payload.lines.forEach((line, index) => {
		const expected = multiplyToMoney({ quantity: line.liters, unitPrice: line.pricePerLiter });
		if (expected !== line.amount) {
			errors.push({
				rule: 'line_amount_must_equal_liters_times_price',
				detail: `line ${index + 1}: ${line.amount} ≠ ${expected}`
			});
		}
		linesCents += moneyToCents(line.amount);
	});
	if (moneyToCents(payload.gross) !== linesCents) {
		errors.push({
			rule: 'gross_must_equal_sum_of_lines',
			detail: `${payload.gross} ≠ ${centsToMoney(linesCents)}`
		});
	}
	const sources = new Set<string>();
	let deductedCents = 0;
	for (const deduction of payload.deductions) {
		if (sources.has(deduction.sourceId)) {
			errors.push({ rule: 'deduction_must_be_taken_once', detail: deduction.sourceId });
		}
		sources.add(deduction.sourceId);
		deductedCents += moneyToCents(deduction.amount);
	}
	const expectedNet =
		moneyToCents(payload.gross) - deductedCents + moneyToCents(payload.carriedIn ?? '0.00');
	if (moneyToCents(payload.net) !== expectedNet) {
		errors.push({
			rule: 'net_must_equal_gross_minus_deductions_plus_carried_in',
			detail: `${payload.net} ≠ ${centsToMoney(expectedNet)}`
		});
	}
	return errors;
}

/** Total accepted liters of a member, for a statement's header ("Entregó 1,234.5 L"). */
export function acceptedLiters(valuation: MemberValuation): string {
	let centiliters = 0;
	for (const lineCentiliters of valuation.centilitersByLine) centiliters += lineCentiliters;
	return centilitersToLiters(centiliters);
}
