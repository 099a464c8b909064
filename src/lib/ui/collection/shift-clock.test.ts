import { describe, expect, it } from 'vitest';
import { currentShift } from './shift-clock';

describe('currentShift', () => {
	it.each([
		// Lima is UTC−5: 11:59 in Lima is 16:59 UTC.
		['2025-05-10T16:59:00Z', { date: '2025-05-10', shift: 'am' }],
		['2025-05-10T17:00:00Z', { date: '2025-05-10', shift: 'pm' }],
		// 23:30 in Lima is already the next day in UTC; the business date stays Lima's.
		['2025-05-11T04:30:00Z', { date: '2025-05-10', shift: 'pm' }],
		['2025-05-11T05:00:00Z', { date: '2025-05-11', shift: 'am' }]
	])('at %s it is %o', (iso, expected) => {
		expect(currentShift(Date.parse(iso))).toEqual(expected);
	});
});
