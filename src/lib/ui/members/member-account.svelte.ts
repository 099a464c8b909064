// The estado de cuenta page's state: loaded from the member's key ranges, figured by
// member-account.ts. Reloaded when the page opens; every write happens on other pages.
import { m } from '$lib/paraglide/messages.js';
import { todayInLima } from '$lib/ops/business-date';
import { loadMemberAccount, type MemberAccountData } from '$lib/store/member-queries';
import { accountFigures, type AccountFigures } from './member-account';
import { labelOf, methodLabels } from './member-labels';

export class MemberAccount {
	// Raw: the data is replaced whole on each load and never changed in place. A deep proxy would
	// wrap each of a member's 1,400 deliveries of two years, and reading them through it was half
	// of what opening the estado de cuenta cost on a cheap phone.
	#data = $state.raw<MemberAccountData | null>(null);
	#status = $state<'loading' | 'ok' | 'missing'>('loading');

	readonly figures: AccountFigures | null = $derived(
		this.#data
			? accountFigures({
					data: this.#data,
					today: todayInLima(),
					describeAdvance: (row) =>
						`${m.col_account_advances()} (${labelOf(methodLabels, row.method)})`
				})
			: null
	);

	get status(): 'loading' | 'ok' | 'missing' {
		return this.#status;
	}
	get data(): MemberAccountData | null {
		return this.#data;
	}

	async load(memberId: string): Promise<void> {
		const data = await loadMemberAccount(memberId);
		this.#data = data;
		this.#status = data ? 'ok' : 'missing';
	}
}
