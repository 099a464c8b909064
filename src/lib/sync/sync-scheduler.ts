// When to sync: now (start-up, the connection came back, the person asked), soon after a local
// write (debounced, so a shift of 40 deliveries is one push), every few minutes while the app is
// open, and after a failure with exponential backoff and jitter. One round at a time: a request
// during a round runs one more round right after it.
import { backoffDelayMs } from './sync-backoff';

/** What a round reports: done, failed and worth retrying, or nothing to do until asked again. */
export type RoundResult = 'done' | 'retry' | 'idle';

export interface SchedulerTimers {
	setTimeout: (run: () => void, ms: number) => unknown;
	clearTimeout: (handle: unknown) => void;
}

export interface SyncSchedulerOptions {
	runRound: () => Promise<RoundResult>;
	timers?: SchedulerTimers;
	random?: () => number;
	/** The quiet time after a local write before pushing it. */
	debounceMs?: number;
	/** How often to look for others' ops while the app is open. */
	periodMs?: number;
}

const browserTimers: SchedulerTimers = {
	setTimeout: (run, ms) => setTimeout(run, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export class SyncScheduler {
	readonly #runRound: () => Promise<RoundResult>;
	readonly #timers: SchedulerTimers;
	readonly #random: () => number;
	readonly #debounceMs: number;
	readonly #periodMs: number;
	#timer: unknown;
	#running = false;
	#again = false;
	/** now() was asked while a round ran: the next one runs at once even if this one fails. */
	#askedNow = false;
	#failures = 0;
	#stopped = true;

	constructor({
		runRound,
		timers = browserTimers,
		random = Math.random,
		debounceMs = 2_000,
		periodMs = 3 * 60_000
	}: SyncSchedulerOptions) {
		this.#runRound = runRound;
		this.#timers = timers;
		this.#random = random;
		this.#debounceMs = debounceMs;
		this.#periodMs = periodMs;
	}

	/** Failures in a row since the last good round. */
	get failures(): number {
		return this.#failures;
	}

	start(): void {
		this.#stopped = false;
		this.now();
	}

	stop(): void {
		this.#stopped = true;
		this.#clear();
	}

	/** Sync as soon as possible; a failure backoff is skipped (the person or the network asked). */
	now(): void {
		if (this.#stopped) return;
		this.#failures = 0;
		if (this.#running) this.#askedNow = true;
		this.#schedule(0);
	}

	/** A local write happened: sync after a quiet moment, unless a retry is already waiting. */
	soon(): void {
		if (this.#stopped || this.#failures > 0) return;
		this.#schedule(this.#debounceMs);
	}

	#schedule(ms: number): void {
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#clear();
		this.#timer = this.#timers.setTimeout(() => void this.#round(), ms);
	}

	#clear(): void {
		if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	async #round(): Promise<void> {
		this.#timer = undefined;
		this.#running = true;
		this.#again = false;
		this.#askedNow = false;
		let result: RoundResult;
		try {
			result = await this.#runRound();
		} catch {
			result = 'retry';
		}
		this.#running = false;
		if (this.#stopped) return;
		// A round that failed waits out its backoff, unless the person or the network asked for a
		// round meanwhile (it may have failed only because the connection came back mid-way).
		if (result === 'retry' && !this.#askedNow) {
			this.#failures += 1;
			this.#schedule(backoffDelayMs({ attempt: this.#failures, random: this.#random }));
			return;
		}
		if (result !== 'retry') this.#failures = 0;
		this.#schedule(this.#again ? 0 : this.#periodMs);
	}
}
