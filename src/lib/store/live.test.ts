import { describe, expect, it } from 'vitest';
import { limaTimeMs } from '../../../tests/fixtures/ops-generator';
import {
	deliveryDraft,
	memberDraft,
	newPhone,
	recordAll,
	startBook
} from '../../../tests/fixtures/sync-phones';
import { observePaced } from './live';

const now = () => limaTimeMs('2025-04-02', 9);
const memberId = '11111111-1111-4111-8111-111111111111';

function waitFor(check: () => boolean): Promise<void> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const poll = () => {
			if (check()) resolve();
			else if (Date.now() - started > 5_000) reject(new Error('timed out'));
			else setTimeout(poll, 5);
		};
		poll();
	});
}

describe('a paced query', () => {
	it('follows a single write shortly after, and a burst of writes with few runs and the last value', async () => {
		const db = await newPhone('paced');
		await startBook(db, { userId: 'user-1', date: '2025-04-01', now });
		let runs = 0;
		const seen: number[] = [];
		const stop = observePaced(
			async () => {
				runs += 1;
				return db.deliveries.count();
			},
			{ tables: ['deliveries'], quietMs: 20, maxWaitMs: 200, minIntervalMs: 200, db }
		).subscribe((value) => seen.push(value));
		await waitFor(() => seen.length === 1);

		await recordAll(db, [memberDraft(memberId, 'A1', '2025-04-01')], now);
		await new Promise((resolve) => setTimeout(resolve, 250));
		// A write to a table the query does not read leaves it alone.
		expect(runs).toBe(1);

		await recordAll(db, [deliveryDraft(memberId, '2025-04-01', '5.00')], now);
		await waitFor(() => seen.at(-1) === 1);

		const before = runs;
		const burstStarted = Date.now();
		for (let day = 2; day <= 31; day += 1) {
			const date = `2025-03-${String(day).padStart(2, '0')}`;
			await recordAll(db, [deliveryDraft(memberId, date, '5.00')], now);
		}
		await waitFor(() => seen.at(-1) === 31);
		// One run at the first write, then at most one per interval (the last one after the burst).
		const intervals = Math.ceil((Date.now() - burstStarted) / 200);
		expect(runs - before).toBeLessThanOrEqual(intervals + 1);
		expect(runs - before).toBeLessThan(30);
		stop();
		await recordAll(db, [deliveryDraft(memberId, '2025-03-01', '7.00')], now);
		await new Promise((resolve) => setTimeout(resolve, 250));
		expect(seen.at(-1)).toBe(31);
	});
});
