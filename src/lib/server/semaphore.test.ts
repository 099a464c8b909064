import { describe, expect, it } from 'vitest';
import { Semaphore, SemaphoreQueueFullError } from './semaphore';

describe('semaphore', () => {
	it('runs at most `limit` jobs at once, in arrival order, and refuses past the queue limit', async () => {
		const semaphore = new Semaphore(2, 2);
		const started: number[] = [];
		const releases: (() => void)[] = [];
		const job = (id: number) =>
			semaphore.run(
				() =>
					new Promise<number>((resolve) => {
						started.push(id);
						releases.push(() => resolve(id));
					})
			);
		const jobs = [job(1), job(2), job(3), job(4)];
		await expect(job(5)).rejects.toBeInstanceOf(SemaphoreQueueFullError);
		await Promise.resolve();
		expect(started).toEqual([1, 2]);
		expect(semaphore.waiting).toBe(2);
		releases[0]!();
		await jobs[0];
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(started).toEqual([1, 2, 3]);
		releases[1]!();
		await jobs[1];
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(started).toEqual([1, 2, 3, 4]);
		releases.slice(2).forEach((release) => release());
		expect(await Promise.all(jobs)).toEqual([1, 2, 3, 4]);
		expect(semaphore.running).toBe(0);
	});
});
