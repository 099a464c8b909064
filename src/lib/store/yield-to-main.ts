/** Yields to the event loop so that long work leaves room for input and paint between steps. */
export function yieldToMain(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}
