// How long to wait before retrying a failed sync: exponential, capped, with jitter so that the
// phones of a whole association coming back online at once do not hit the server in step.

export const backoffBaseMs = 2_000;
export const backoffCapMs = 5 * 60_000;

/**
 * "Equal jitter": half the exponential step is fixed, half random, so a retry never comes sooner
 * than half the step (no hammering) and the phones spread out. `attempt` counts failures, from 1.
 */
export function backoffDelayMs({
	attempt,
	random = Math.random,
	baseMs = backoffBaseMs,
	capMs = backoffCapMs
}: {
	attempt: number;
	random?: () => number;
	baseMs?: number;
	capMs?: number;
}): number {
	const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(step / 2 + random() * (step / 2));
}
