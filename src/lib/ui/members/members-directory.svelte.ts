// The member list with its search box: every registered member read once from the projection,
// filtered in memory as the treasurer types (a 500-member association is a few kilobytes).
import { allMembers } from '$lib/store/member-queries';
import type { MemberRow } from '$lib/store/schema';
import { searchMembers } from './member-search';

export class MembersDirectory {
	// Raw: replaced whole on each load, never changed in place, so 500 rows need no deep proxy.
	#members = $state.raw<MemberRow[]>([]);
	#loading = $state(true);
	#query = $state('');
	#showRetired = $state(false);

	readonly visible: MemberRow[] = $derived(
		searchMembers(
			this.#showRetired ? this.#members : this.#members.filter((row) => row.retired === 0),
			this.#query
		)
	);

	get loading(): boolean {
		return this.#loading;
	}
	get query(): string {
		return this.#query;
	}
	set query(text: string) {
		this.#query = text;
	}
	get showRetired(): boolean {
		return this.#showRetired;
	}
	set showRetired(value: boolean) {
		this.#showRetired = value;
	}
	get activeCount(): number {
		return this.#members.filter((row) => row.retired === 0).length;
	}
	get total(): number {
		return this.#members.length;
	}

	async load(): Promise<void> {
		this.#members = await allMembers();
		this.#loading = false;
	}
}
