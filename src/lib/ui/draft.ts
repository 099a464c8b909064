// Form drafts kept in sessionStorage, so that whatever a person has typed survives a reload: the
// "Actualizar" banner, a crash of the tab, or the phone killing the browser in the background.
// A draft is dropped only after the form's data has been saved.

const prefix = 'ayni:draft:';

export function readDraft<T extends object>(key: string): Partial<T> | undefined {
	try {
		const text = sessionStorage.getItem(prefix + key);
		if (!text) return undefined;
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' ? (value as Partial<T>) : undefined;
	} catch {
		return undefined;
	}
}

export function writeDraft(key: string, value: object): void {
	try {
		sessionStorage.setItem(prefix + key, JSON.stringify(value));
	} catch {
		// A full or disabled sessionStorage only costs the draft; the form itself keeps its values.
	}
}

export function clearDraft(key: string): void {
	try {
		sessionStorage.removeItem(prefix + key);
	} catch {
		// Nothing to clear when sessionStorage is unavailable.
	}
}
