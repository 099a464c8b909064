// Work the person is waiting for goes first. A new phone brings its earlier months in the
// background while the treasurer already works on the running period; a page's figures (a
// fortnight's statements, the month's accounts) read and sum thousands of rows on a cheap phone's
// one main thread and would wait behind each page of history being stored. So the pages mark their
// loads as foreground, and the history waits between its batches until none runs.

let running = 0;
let waiting: (() => void)[] = [];

/** Runs `work`; background work that asks `foregroundIdle()` meanwhile waits for it. */
export async function inForeground<T>(work: () => Promise<T>): Promise<T> {
	running += 1;
	try {
		return await work();
	} finally {
		running -= 1;
		if (running === 0) for (const resolve of waiting.splice(0)) resolve();
	}
}

/**
 * Resolves once no foreground work runs, or after `maxWaitMs` in any case: a load that never ends
 * (a page left open on a failed read) must not stop the history for good.
 */
export function foregroundIdle(maxWaitMs = 15_000): Promise<void> {
	if (running === 0) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			waiting = waiting.filter((other) => other !== done);
			resolve();
		};
		const timer = setTimeout(done, maxWaitMs);
		waiting.push(done);
	});
}
