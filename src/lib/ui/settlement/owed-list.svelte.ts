// "Por pagar": what is still owed on each member's latest statement, read live from the store so a
// payment recorded in another tab shows at once.
import { db } from '$lib/store/db';
import { observe } from '$lib/store/live';
import type { MemberRow } from '$lib/store/schema';
import { latestStatements, membersById } from '$lib/store/settlement-queries';
import { owedToMembers, type Owed } from './settlement-plan';

export type OwedView = {
	owed: (Owed & { member: MemberRow | undefined })[];
	totalCents: number;
};

async function loadOwed(): Promise<OwedView> {
	const { latest, payments } = await latestStatements(db);
	const owed = owedToMembers({ latestStatements: latest, payments });
	const members = await membersById(
		db,
		owed.map((row) => row.memberId)
	);
	let totalCents = 0;
	for (const row of owed) totalCents += row.owedCents;
	return { owed: owed.map((row) => ({ ...row, member: members.get(row.memberId) })), totalCents };
}

export class OwedList {
	#view = $state.raw<OwedView | undefined>(undefined);

	get view(): OwedView | undefined {
		return this.#view;
	}

	/** Starts following the store; returns the function that stops it (for $effect cleanup). */
	follow(): () => void {
		const subscription = observe(loadOwed).subscribe({
			next: (view) => (this.#view = view),
			error: (error: unknown) => console.error('Ayni: reading what is owed failed', error)
		});
		return () => subscription.unsubscribe();
	}
}
