// The prices page's state: every price ever set (history kept, newest first) and the one in force
// on a chosen date, found by the domain's rule (latest effectiveFrom on or before the date; the
// one recorded last wins a tie).
import { priceInForce, type PriceSet } from '$lib/domain/pricing';
import { todayInLima } from '$lib/ops/business-date';
import { priceHistory } from '$lib/store/collection-queries';
import type { PriceRow } from '$lib/store/schema';
import { priceRecordOf } from '../settlement/settlement-plan';

export class PricesBook {
	#rows = $state<PriceRow[]>([]);
	#loading = $state(true);
	#checkDate = $state(todayInLima());

	readonly inForceToday: PriceSet | null = $derived(this.#inForce(todayInLima()));
	readonly inForceOnCheckDate: PriceSet | null = $derived(this.#inForce(this.#checkDate));

	get loading(): boolean {
		return this.#loading;
	}
	/** Newest first, as the treasurer reads a history. */
	get history(): PriceRow[] {
		return [...this.#rows].reverse();
	}
	get checkDate(): string {
		return this.#checkDate;
	}
	set checkDate(date: string) {
		this.#checkDate = date;
	}

	#inForce(date: string): PriceSet | null {
		return priceInForce({ prices: this.#rows.map(priceRecordOf), date });
	}

	async load(): Promise<void> {
		this.#rows = await priceHistory();
		this.#loading = false;
	}
}
