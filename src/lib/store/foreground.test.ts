import { describe, expect, it, vi } from 'vitest';
import { foregroundIdle, inForeground } from './foreground';

describe('foreground work', () => {
	it('holds background work back until the last foreground load ends', async () => {
		let release: () => void = () => undefined;
		const load = inForeground(
			() => new Promise<string>((resolve) => (release = () => resolve('figures')))
		);
		let idle = false;
		const waiting = foregroundIdle().then(() => (idle = true));
		await Promise.resolve();
		expect(idle).toBe(false);
		release();
		expect(await load).toBe('figures');
		await waiting;
		expect(idle).toBe(true);
		await expect(foregroundIdle()).resolves.toBeUndefined();
	});

	it('lets background work go on after a while when a load never ends', async () => {
		vi.useFakeTimers();
		try {
			void inForeground(() => new Promise(() => undefined));
			const waiting = foregroundIdle(1000);
			await vi.advanceTimersByTimeAsync(1000);
			await expect(waiting).resolves.toBeUndefined();
		} finally {
			vi.useRealTimers();
		}
	});
});
