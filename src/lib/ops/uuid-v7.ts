// UUIDv7 ids made on the device (RFC 9562): a 48-bit millisecond timestamp followed by random
// bits. They sort roughly by creation time, so a batch of ops recorded together sits in a narrow
// key range, and the id is made once and reused on every retry, which makes it the idempotency key.

const randA_MAX = 0xfff;

export interface UuidV7Generator {
	/** The next id: strictly greater (as text) than every id this generator made before. */
	next(): string;
}

/**
 * Makes a generator that stays monotonic when many ids are made in the same millisecond or the
 * clock jumps back: the 12-bit `rand_a` field is used as a counter seeded with random bits, and
 * when it would overflow the timestamp is advanced by one millisecond instead.
 */
export function makeUuidV7Generator({
	now = Date.now,
	randomBytes = defaultRandomBytes
}: { now?: () => number; randomBytes?: (count: number) => Uint8Array } = {}): UuidV7Generator {
	let lastMs = -1;
	let counter = 0;
	return {
		next() {
			const nowMs = now();
			if (nowMs > lastMs) {
				lastMs = nowMs;
				// Seed with 11 random bits so that half of the counter space is left for the same ms.
				const seed = randomBytes(2);
				counter = (((seed[0] ?? 0) << 8) | (seed[1] ?? 0)) & 0x7ff;
			} else if (counter < randA_MAX) {
				counter += 1;
			} else {
				lastMs += 1;
				counter = 0;
			}
			return formatUuidV7(lastMs, counter, randomBytes(8));
		}
	};
}

/** The millisecond timestamp a UUIDv7 carries. */
export function uuidV7Ms(id: string): number {
	return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

function formatUuidV7(ms: number, randA: number, randB: Uint8Array): string {
	const msHex = ms.toString(16).padStart(12, '0');
	const randAHex = (0x7000 | randA).toString(16);
	const bytes = Array.from(randB, (byte) => byte.toString(16).padStart(2, '0'));
	// The two top bits of the variant byte are "10" (RFC 4122 variant).
	const variant = ((0x80 | ((randB[0] ?? 0) & 0x3f)) >>> 0).toString(16).padStart(2, '0');
	const tail = variant + bytes.slice(1).join('');
	return `${msHex.slice(0, 8)}-${msHex.slice(8, 12)}-${randAHex}-${tail.slice(0, 4)}-${tail.slice(4, 16)}`;
}

function defaultRandomBytes(count: number): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(count));
}

const sharedGenerator = makeUuidV7Generator();

/** A fresh UUIDv7 from the app-wide generator. */
export function makeUuidV7(): string {
	return sharedGenerator.next();
}
