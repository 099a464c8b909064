// A member read once for the small pages under /socios/[memberId] (edit, retire, advance, charge).
import { getMember } from '$lib/store/queries';
import type { MemberRow } from '$lib/store/schema';

export class MemberPage {
	#member = $state<MemberRow | undefined>(undefined);
	#status = $state<'loading' | 'ok' | 'missing'>('loading');

	get member(): MemberRow | undefined {
		return this.#member;
	}
	get status(): 'loading' | 'ok' | 'missing' {
		return this.#status;
	}

	async load(memberId: string): Promise<void> {
		this.#member = await getMember(memberId);
		this.#status = this.#member ? 'ok' : 'missing';
	}
}
