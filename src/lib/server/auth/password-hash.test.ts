import { describe, expect, it } from 'vitest';
import {
	hashesAtOnceMax,
	hashPassword,
	passwordHashIsOutdated,
	passwordHashLoad,
	passwordHashParams,
	verifyPassword
} from './password-hash';

describe('password hashing', () => {
	it('uses argon2id with 19 MiB, t = 2, p = 1, a 16-byte salt and a 32-byte hash', async () => {
		expect(passwordHashParams).toMatchObject({
			memoryCost: 19 * 1024,
			timeCost: 2,
			parallelism: 1
		});
		const hash = await hashPassword('ordeño-de-la-tarde');
		// PHC string: the parameters travel with every stored hash, and these are what we stored.
		const [, algorithm, version, params, salt, digest] = hash.split('$');
		expect(algorithm).toBe('argon2id');
		expect(version).toBe('v=19');
		expect(Object.fromEntries((params ?? '').split(',').map((pair) => pair.split('=')))).toEqual({
			m: '19456',
			t: '2',
			p: '1'
		});
		expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
		expect(Buffer.from(digest ?? '', 'base64')).toHaveLength(32);
		expect(passwordHashIsOutdated(hash)).toBe(false);
	});

	it('salts every hash and verifies only the right password', async () => {
		const [first, second] = await Promise.all([
			hashPassword('cuyes-de-la-poza'),
			hashPassword('cuyes-de-la-poza')
		]);
		expect(first).not.toBe(second);
		expect(await verifyPassword(first, 'cuyes-de-la-poza')).toBe(true);
		expect(await verifyPassword(first, 'cuyes-de-la-pozA')).toBe(false);
		expect(await verifyPassword('not a hash', 'cuyes-de-la-poza')).toBe(false);
	});

	it('flags weaker stored hashes for rehashing at the next login', () => {
		const weaker = '$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$' + 'A'.repeat(43);
		expect(passwordHashIsOutdated(weaker)).toBe(true);
	});

	it('never runs more hashes at once than the cap; the rest wait', async () => {
		let runningMax = 0;
		let waitingMax = 0;
		const sampler = setInterval(() => {
			const load = passwordHashLoad();
			runningMax = Math.max(runningMax, load.running);
			waitingMax = Math.max(waitingMax, load.waiting);
		}, 2);
		await Promise.all(
			Array.from({ length: hashesAtOnceMax * 3 }, (_, i) => hashPassword(`clave-${i}-larga`))
		);
		clearInterval(sampler);
		expect(runningMax).toBeLessThanOrEqual(hashesAtOnceMax);
		expect(waitingMax).toBeGreaterThan(0);
		expect(passwordHashLoad()).toEqual({ running: 0, waiting: 0 });
	});
});
