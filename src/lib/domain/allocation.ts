// Fair splits: an amount divided among members or funds by weights (liters delivered, capital
// contributed, percentages) with the largest-remainder method, so the parts add up to the total
// exactly and every device, given the same shares in any order, computes the same split.
import { centsToMoney, decimalPlaces, moneyToCents } from './money';

export type Share = { key: string; weight: string };
export type Allocation = { key: string; amount: string };

export type AllocationRule =
	| 'total_must_be_money'
	| 'shares_must_not_be_empty'
	| 'keys_must_be_unique'
	| 'weight_must_be_a_non_negative_decimal'
	| 'weights_must_not_all_be_zero';

/** A split that cannot be made; `rule` says which rule the input breaks. */
export class AllocationError extends Error {
	constructor(
		readonly rule: AllocationRule,
		detail: string
	) {
		super(`${rule}: ${detail}`);
		this.name = 'AllocationError';
	}
}

const moneyPattern = /^-?\d+\.\d{2}$/;
const weightPattern = /^\d+(\.\d+)?$/;

/**
 * Splits `total` (money text) by `shares`: each part is its exact share rounded down to the
 * céntimo, and the céntimos left over go one each to the largest remainders, ties to the smaller
 * key (plain code-unit order, the same on every device). Zero weights get 0.00; all-zero weights
 * throw, since there is no fair split of something among nobody. A negative total (a loss) is
 * split as its magnitude, with every part negative. Parts come back in the order of `shares`.
 */
export function allocateLargestRemainder(total: string, shares: readonly Share[]): Allocation[] {
	if (!moneyPattern.test(total)) throw new AllocationError('total_must_be_money', total);
	if (shares.length === 0) throw new AllocationError('shares_must_not_be_empty', total);
	const keys = new Set<string>();
	let scale = 0;
	for (const share of shares) {
		if (keys.has(share.key)) throw new AllocationError('keys_must_be_unique', share.key);
		keys.add(share.key);
		if (!weightPattern.test(share.weight)) {
			throw new AllocationError(
				'weight_must_be_a_non_negative_decimal',
				`${share.key}: ${share.weight}`
			);
		}
		scale = Math.max(scale, decimalPlaces(share.weight));
	}
	const totalCents = moneyToCents(total);
	const magnitude = Math.abs(totalCents);
	const parts =
		splitCentsExactInNumbers(magnitude, shares, scale) ??
		splitCentsInBigInts(magnitude, shares, scale);
	const sign = totalCents < 0 ? -1 : 1;
	return shares.map((share, index) => ({
		key: share.key,
		amount: centsToMoney(sign * (parts[index] ?? 0))
	}));
}

/** Digits of a weight at the common scale: "12.5" at scale 2 → "1250". */
function scaledDigits(weight: string, scale: number): string {
	const [integer = '0', fraction = ''] = weight.split('.');
	return integer + fraction.padEnd(scale, '0');
}

type Remainder = { index: number; remainder: number | bigint; key: string };

/**
 * Hands the leftover céntimos to the largest remainders, ties to the smaller key. The leftover is
 * smaller than the number of non-zero remainders (they sum to leftover × the sum of weights, each
 * below that sum), so a zero weight never receives a céntimo.
 */
function giveLeftover(parts: number[], remainders: Remainder[], leftover: number): number[] {
	remainders.sort((a, b) =>
		a.remainder !== b.remainder ? (a.remainder > b.remainder ? -1 : 1) : a.key < b.key ? -1 : 1
	);
	for (let index = 0; index < leftover; index++) {
		const winner = remainders[index];
		if (winner) parts[winner.index] = (parts[winner.index] ?? 0) + 1;
	}
	return parts;
}

/**
 * The common case, in plain numbers: exact as long as total × sum of weights stays below 2^53,
 * which holds for liters and percentages on any real amount. Null when it would not be exact.
 */
function splitCentsExactInNumbers(
	totalCents: number,
	shares: readonly Share[],
	scale: number
): number[] | null {
	const weights: number[] = [];
	let weightSum = 0;
	for (const share of shares) {
		const weight = Number(scaledDigits(share.weight, scale));
		weights.push(weight);
		weightSum += weight;
	}
	if (!Number.isSafeInteger(weightSum) || totalCents * weightSum > Number.MAX_SAFE_INTEGER)
		return null;
	if (weightSum === 0) {
		throw new AllocationError('weights_must_not_all_be_zero', `${shares.length} shares`);
	}
	const parts: number[] = [];
	const remainders: Remainder[] = [];
	let given = 0;
	for (let index = 0; index < weights.length; index++) {
		const exact = totalCents * (weights[index] ?? 0);
		let part = Math.floor(exact / weightSum);
		// The float quotient of two safe integers can land one off an integer; correct it exactly.
		let remainder = exact - part * weightSum;
		if (remainder < 0) {
			part -= 1;
			remainder += weightSum;
		} else if (remainder >= weightSum) {
			part += 1;
			remainder -= weightSum;
		}
		parts.push(part);
		given += part;
		if (remainder > 0) remainders.push({ index, remainder, key: shares[index]?.key ?? '' });
	}
	return giveLeftover(parts, remainders, totalCents - given);
}

/** The same split for weights too large or too precise for exact float arithmetic. */
function splitCentsInBigInts(
	totalCents: number,
	shares: readonly Share[],
	scale: number
): number[] {
	const weights = shares.map((share) => BigInt(scaledDigits(share.weight, scale)));
	let weightSum = 0n;
	for (const weight of weights) weightSum += weight;
	if (weightSum === 0n) {
		throw new AllocationError('weights_must_not_all_be_zero', `${shares.length} shares`);
	}
	const total = BigInt(totalCents);
	const parts: number[] = [];
	const remainders: Remainder[] = [];
	let given = 0n;
	weights.forEach((weight, index) => {
		const exact = total * weight;
		const part = exact / weightSum;
		given += part;
		parts.push(Number(part));
		const remainder = exact % weightSum;
		if (remainder > 0n) remainders.push({ index, remainder, key: shares[index]?.key ?? '' });
	});
	return giveLeftover(parts, remainders, Number(total - given));
}
