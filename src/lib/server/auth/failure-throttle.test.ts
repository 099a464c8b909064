import { describe, expect, it } from 'vitest';
import { addressKey, FailureThrottle } from './failure-throttle';

describe('failure throttle', () => {
	it('refuses after failuresMax failures in the window and frees the key as they age', () => {
		const throttle = new FailureThrottle({ failuresMax: 3, windowMs: 60_000 });
		for (const at of [0, 10_000, 20_000]) {
			expect(throttle.retryAfterMs('rosa', at)).toBe(0);
			throttle.recordFailure('rosa', at);
		}
		expect(throttle.retryAfterMs('rosa', 30_000)).toBe(30_000);
		expect(throttle.retryAfterMs('juana', 30_000)).toBe(0);
		expect(throttle.retryAfterMs('rosa', 60_001)).toBe(0);
	});

	it('forgets a key on success', () => {
		const throttle = new FailureThrottle({ failuresMax: 1, windowMs: 60_000 });
		throttle.recordFailure('rosa', 0);
		throttle.forget('rosa');
		expect(throttle.retryAfterMs('rosa', 1)).toBe(0);
	});

	it.each([
		['203.0.113.7', '203.0.113.7'],
		['::ffff:203.0.113.7', '203.0.113.7'],
		['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
		['2001:db8:1:2::9', '2001:db8:1:2::/64'],
		['2001:DB8::1', '2001:db8::/64']
	])('keys address %s as %s', (address, key) => {
		expect(addressKey(address)).toBe(key);
	});
});
