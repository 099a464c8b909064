import { describe, expect, it } from 'vitest';
import { uuidV7Text } from './envelope';
import { makeUuidV7, makeUuidV7Generator, uuidV7Ms } from './uuid-v7';
import { makeDeviceId } from './device-id';
import { deviceIdText } from './envelope';

describe('UUIDv7', () => {
	it('carries its creation time and matches the envelope rule', () => {
		const now = Date.UTC(2025, 2, 1);
		const id = makeUuidV7Generator({ now: () => now }).next();
		expect(uuidV7Text.safeParse(id).success).toBe(true);
		expect(uuidV7Ms(id)).toBe(now);
		expect(uuidV7Text.safeParse(makeUuidV7()).success).toBe(true);
	});

	it('keeps increasing within one millisecond and when the clock goes back', () => {
		let now = Date.UTC(2025, 2, 1);
		const generator = makeUuidV7Generator({ now: () => now });
		const ids: string[] = [];
		for (let index = 0; index < 10_000; index++) {
			if (index === 5000) now -= 60_000;
			ids.push(generator.next());
		}
		for (let index = 1; index < ids.length; index++) {
			expect(ids[index]! > ids[index - 1]!).toBe(true);
		}
		expect(ids.every((id) => uuidV7Text.safeParse(id).success)).toBe(true);
	});
});

describe('device id', () => {
	it('is 16 URL-safe characters that the envelope accepts', () => {
		const id = makeDeviceId();
		expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
		expect(deviceIdText.safeParse(id).success).toBe(true);
		expect(makeDeviceId()).not.toBe(id);
	});
});
