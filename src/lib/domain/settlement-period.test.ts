import { describe, expect, it } from 'vitest';
import {
	defaultPeriod,
	parsePeriodKey,
	periodContaining,
	previousPeriod,
	recentPeriods
} from './settlement-period';

describe('settlement periods', () => {
	it.each([
		['2024-05-1', '2024-05-01', '2024-05-15'],
		['2024-05-2', '2024-05-16', '2024-05-31'],
		['2024-02-2', '2024-02-16', '2024-02-29'],
		['2023-02', '2023-02-01', '2023-02-28']
	])('%s runs from %s to %s', (key, from, to) => {
		expect(parsePeriodKey(key)).toMatchObject({ from, to });
	});

	it.each(['2024-13', '2024-05-3', '24-05-1', '2024-05-01', ''])('refuses %j', (key) => {
		expect(parsePeriodKey(key)).toBeNull();
	});

	it('finds the fortnight or month of a date and the one before it', () => {
		expect(periodContaining('2024-05-15', 'quincenal').key).toBe('2024-05-1');
		expect(periodContaining('2024-05-16', 'quincenal').key).toBe('2024-05-2');
		expect(previousPeriod(parsePeriodKey('2024-01-1')!).key).toBe('2023-12-2');
		expect(previousPeriod(parsePeriodKey('2024-01')!).key).toBe('2023-12');
		expect(
			recentPeriods({ today: '2024-05-20', cycle: 'quincenal', count: 3 }).map((p) => p.key)
		).toEqual(['2024-05-2', '2024-05-1', '2024-04-2']);
	});

	it('opens on the last period that has ended', () => {
		expect(defaultPeriod('2024-05-20', 'quincenal').key).toBe('2024-05-1');
		expect(defaultPeriod('2024-05-15', 'quincenal').key).toBe('2024-05-1');
		expect(defaultPeriod('2024-05-10', 'mensual').key).toBe('2024-04');
	});
});
