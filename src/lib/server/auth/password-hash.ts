// Password hashing: argon2id with 19 MiB, t = 2, p = 1 (the second option, OWASP's
// baseline). We measured scrypt at N = 2^17 (128 MiB per hash) at 2.5–3.6 hashes a second on a
// two-core server, too slow for 500 logins a minute; argon2id at these settings does ~38 a second
// on the same machine and runs in libuv's thread pool, off the event loop. See docs/decisions.md.
import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import { Semaphore } from '../semaphore';

export const passwordHashParams = {
	type: argon2.argon2id,
	/** KiB: 19 MiB. */
	memoryCost: 19_456,
	timeCost: 2,
	parallelism: 1,
	hashLength: 32
} as const;

/**
 * At most this many hashes run at once (19 MiB each); more wait in a queue, and past the queue's
 * limit a login is answered "busy, retry" rather than left to time out.
 */
export const hashesAtOnceMax = Math.max(2, availableParallelism());
const hashQueueMax = 256;
const hashing = new Semaphore(hashesAtOnceMax, hashQueueMax);

export { SemaphoreQueueFullError as HashQueueFullError } from '../semaphore';

export function hashPassword(password: string): Promise<string> {
	return hashing.run(() => argon2.hash(password, passwordHashParams));
}

/** True when `password` matches; a malformed stored hash counts as no match. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return hashing.run(async () => {
		try {
			return await argon2.verify(passwordHash, password);
		} catch {
			return false;
		}
	});
}

/** True when a stored hash was made with other settings and should be replaced at next login. */
export function passwordHashIsOutdated(passwordHash: string): boolean {
	try {
		return argon2.needsRehash(passwordHash, passwordHashParams);
	} catch {
		return true;
	}
}

/**
 * A hash of a random password that nobody knows. Verifying a login whose account does not exist
 * against it costs as much as a real check, so response times do not reveal which logins exist.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
	decoyHash ??= hashPassword(crypto.randomUUID());
	return decoyHash;
}

/** How many hashes are running and waiting now (for the benchmark and health figures). */
export function passwordHashLoad(): { running: number; waiting: number } {
	return { running: hashing.running, waiting: hashing.waiting };
}
