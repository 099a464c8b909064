// Recognising a full disk. Browsers report it as a QuotaExceededError, and Dexie sometimes wraps it
// in an AbortError of the transaction (the quota error is then its `inner`), so the whole chain of
// causes is searched.

export function isStorageFull(error: unknown): boolean {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const { name, code, inner, cause } = current as {
			name?: unknown;
			code?: unknown;
			inner?: unknown;
			cause?: unknown;
		};
		if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
		// Legacy DOMException code for QUOTA_EXCEEDED_ERR.
		if (code === 22 && name !== 'AbortError') return true;
		current = inner ?? cause;
	}
	return false;
}

/** The message of an unexpected failure, for a "no se pudo guardar" notice and the console. */
export function errorMessage(error: unknown): string {
	if (error instanceof Error) return `${error.name}: ${error.message}`;
	return String(error);
}
