// What the app shell knows about the association book on this phone: not loaded yet, not set up,
// set up, or damaged (its stored record failed validation). Components read it through getters;
// only `refresh` changes it, so the shell never shows a state the store does not hold.
import { loadAssociation, type LoadedAssociation } from '$lib/store/association-read';

export type AssociationView = LoadedAssociation | { status: 'loading' };

class AssociationState {
	#view = $state<AssociationView>({ status: 'loading' });

	get view(): AssociationView {
		return this.#view;
	}

	get name(): string | undefined {
		return this.#view.status === 'ok' ? this.#view.association.name : undefined;
	}

	async refresh(): Promise<void> {
		this.#view = await loadAssociation();
	}
}

export const associationState = new AssociationState();
