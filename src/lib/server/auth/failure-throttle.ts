// Counts failures per key (an account, an IP address) in a sliding window and says when a key has
// had enough. Nothing is ever locked for good: a key is free again once its oldest failure in the
// window is older than the window. Kept in memory: one server process is the deployment we have
// (docs/scaling.md says what changes with several); a restart forgets the counts, which only
// favours the person who forgot their password.

export interface ThrottleRule {
	/** Failures allowed in the window; the next attempt is refused. */
	failuresMax: number;
	windowMs: number;
}

/** Beyond this many keys the oldest are dropped; a flood of keys cannot grow memory without end. */
const keysMax = 100_000;

export class FailureThrottle {
	readonly #failures = new Map<string, number[]>();

	constructor(readonly rule: ThrottleRule) {}

	/** Milliseconds until `key` may try again; 0 when it may try now. */
	retryAfterMs(key: string, nowMs: number): number {
		const recent = this.#recent(key, nowMs);
		if (recent.length < this.rule.failuresMax) return 0;
		const oldest = recent[recent.length - this.rule.failuresMax] ?? nowMs;
		return Math.max(1, oldest + this.rule.windowMs - nowMs);
	}

	recordFailure(key: string, nowMs: number): void {
		const recent = this.#recent(key, nowMs);
		recent.push(nowMs);
		// Only the last failuresMax timestamps decide anything.
		if (recent.length > this.rule.failuresMax)
			recent.splice(0, recent.length - this.rule.failuresMax);
		this.#failures.delete(key);
		this.#failures.set(key, recent);
		if (this.#failures.size > keysMax) {
			const oldestKey = this.#failures.keys().next().value;
			if (oldestKey !== undefined) this.#failures.delete(oldestKey);
		}
	}

	forget(key: string): void {
		this.#failures.delete(key);
	}

	#recent(key: string, nowMs: number): number[] {
		const all = this.#failures.get(key);
		if (!all) return [];
		const recent = all.filter((at) => at > nowMs - this.rule.windowMs);
		if (recent.length === 0) this.#failures.delete(key);
		else if (recent.length !== all.length) this.#failures.set(key, recent);
		return recent;
	}
}

/**
 * The key for a client's address. IPv6 customers usually get a whole /64, so it counts as one
 * address; IPv4 addresses mapped into IPv6 count as the IPv4 address.
 */
export function addressKey(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped?.[1]) return mapped[1];
	if (!address.includes(':')) return address;
	const [head = ''] = address.toLowerCase().split('::');
	const groups = head.split(':').filter((group) => group.length > 0);
	return `${groups.slice(0, 4).join(':')}::/64`;
}
