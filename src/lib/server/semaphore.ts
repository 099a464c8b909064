// A counting semaphore with a bounded queue. It caps how many costly jobs (password hashes) run at
// once, so a burst of logins waits its turn instead of exhausting memory, and it refuses work
// outright once the queue is long enough that the caller would time out anyway.

export class SemaphoreQueueFullError extends Error {
	constructor() {
		super('Too many jobs waiting');
	}
}

export class Semaphore {
	#running = 0;
	readonly #waiting: (() => void)[] = [];

	constructor(
		readonly limit: number,
		readonly queueLimit: number
	) {
		if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be ≥ 1');
	}

	get running(): number {
		return this.#running;
	}

	get waiting(): number {
		return this.#waiting.length;
	}

	/** Runs `job` when a slot is free; throws SemaphoreQueueFullError when too many already wait. */
	async run<T>(job: () => Promise<T>): Promise<T> {
		if (this.#running >= this.limit) {
			if (this.#waiting.length >= this.queueLimit) throw new SemaphoreQueueFullError();
			await new Promise<void>((resolve) => this.#waiting.push(resolve));
		} else {
			this.#running++;
		}
		try {
			return await job();
		} finally {
			// Hand the slot straight to the next job so the count never dips and lets a newcomer in.
			const next = this.#waiting.shift();
			if (next) next();
			else this.#running--;
		}
	}
}
