import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs } from './sync-backoff';
import { SyncScheduler, type RoundResult } from './sync-scheduler';

describe('backoff', () => {
	it.each([
		{ attempt: 1, random: 0, delay: 1_000 },
		{ attempt: 1, random: 1, delay: 2_000 },
		{ attempt: 3, random: 0.5, delay: 6_000 },
		{ attempt: 20, random: 0, delay: 150_000 },
		{ attempt: 20, random: 1, delay: 300_000 }
	])('attempt $attempt with jitter $random waits $delay ms', ({ attempt, random, delay }) => {
		expect(backoffDelayMs({ attempt, random: () => random })).toBe(delay);
	});
});

describe('the sync scheduler', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	function scheduler(results: RoundResult[]) {
		const runs: number[] = [];
		const runRound = vi.fn(async () => {
			runs.push(Date.now());
			return results.shift() ?? 'done';
		});
		const made = new SyncScheduler({ runRound, random: () => 0, periodMs: 60_000 });
		return { made, runRound, runs };
	}

	it('runs at start, then every period while the app is open', async () => {
		const { made, runRound } = scheduler([]);
		made.start();
		await vi.advanceTimersByTimeAsync(0);
		expect(runRound).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(runRound).toHaveBeenCalledTimes(2);
		made.stop();
	});

	it('debounces local writes: many writes in a burst make one round 2 s after the last', async () => {
		const { made, runRound } = scheduler([]);
		made.start();
		await vi.advanceTimersByTimeAsync(0);
		for (let write = 0; write < 10; write += 1) {
			made.soon();
			await vi.advanceTimersByTimeAsync(500);
		}
		expect(runRound).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(1_500);
		expect(runRound).toHaveBeenCalledTimes(2);
		made.stop();
	});

	it('backs off exponentially after failures, and "online" retries at once', async () => {
		const { made, runRound } = scheduler(['retry', 'retry', 'retry', 'done']);
		made.start();
		await vi.advanceTimersByTimeAsync(0);
		expect(made.failures).toBe(1);
		await vi.advanceTimersByTimeAsync(999);
		expect(runRound).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(runRound).toHaveBeenCalledTimes(2);
		await vi.advanceTimersByTimeAsync(2_000);
		expect(runRound).toHaveBeenCalledTimes(3);
		expect(made.failures).toBe(3);
		// A write during backoff does not cut it short; the connection coming back does.
		made.soon();
		await vi.advanceTimersByTimeAsync(2_000);
		expect(runRound).toHaveBeenCalledTimes(3);
		made.now();
		await vi.advanceTimersByTimeAsync(0);
		expect(runRound).toHaveBeenCalledTimes(4);
		expect(made.failures).toBe(0);
		made.stop();
	});

	it('never runs two rounds at once: a request during a round runs one more after it', async () => {
		let finish: (result: RoundResult) => void = () => {};
		let active = 0;
		let most = 0;
		const runRound = vi.fn(
			() =>
				new Promise<RoundResult>((resolve) => {
					active += 1;
					most = Math.max(most, active);
					finish = (result) => {
						active -= 1;
						resolve(result);
					};
				})
		);
		const made = new SyncScheduler({ runRound, periodMs: 60_000 });
		made.start();
		await vi.advanceTimersByTimeAsync(0);
		made.now();
		made.now();
		await vi.advanceTimersByTimeAsync(0);
		expect(runRound).toHaveBeenCalledTimes(1);
		finish('done');
		await vi.advanceTimersByTimeAsync(0);
		expect(runRound).toHaveBeenCalledTimes(2);
		expect(most).toBe(1);
		made.stop();
	});

	it('runs at once after a failed round when "online" or the person asked during it', async () => {
		let finish: (result: RoundResult) => void = () => {};
		const runRound = vi.fn(() => new Promise<RoundResult>((resolve) => (finish = resolve)));
		const made = new SyncScheduler({ runRound, random: () => 0, periodMs: 60_000 });
		made.start();
		await vi.advanceTimersByTimeAsync(0);
		made.now();
		finish('retry');
		await vi.advanceTimersByTimeAsync(0);
		expect(runRound).toHaveBeenCalledTimes(2);
		// Without a request during it, a failed round waits out its backoff.
		finish('retry');
		await vi.advanceTimersByTimeAsync(999);
		expect(runRound).toHaveBeenCalledTimes(2);
		await vi.advanceTimersByTimeAsync(1);
		expect(runRound).toHaveBeenCalledTimes(3);
		made.stop();
	});
});
