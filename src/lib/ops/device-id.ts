// A device id names the phone (or browser profile) that recorded an op; it is part of every HLC so
// that two devices never produce the same clock value. The store makes it once and keeps it.

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 16 URL-safe characters from 96 random bits: collisions between devices are not a concern. */
export function makeDeviceId(
	randomBytes = (count: number) => crypto.getRandomValues(new Uint8Array(count))
): string {
	return Array.from(randomBytes(16), (byte) => alphabet[byte & 63]).join('');
}
