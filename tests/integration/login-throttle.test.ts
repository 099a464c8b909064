// Login throttling keyed by account and by address: the 11th failure in a minute for one account
// answers 429, a neighbour behind the same carrier address still logs in, and nobody is locked
// out for good.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiServices } from '../../src/lib/server/api/api-context';
import { callApi, TestClock, testServices } from './support/api-client';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';
import { seedWorld, worldPassword, type World } from './support/world';

await describeOnDatabases('login throttling', (target) => {
	let database: TestDatabase;
	let clock: TestClock;
	let services: ApiServices;
	let world: World;
	const village = '198.51.100.23';

	beforeAll(async () => {
		database = await target.open();
		clock = new TestClock();
		services = testServices(database, clock);
		world = await seedWorld(services);
	});
	afterAll(() => database?.destroy());

	const attempt = (login: string, password: string, clientAddress = village) =>
		callApi(services, 'POST', '/api/auth/login', { json: { login, password }, clientAddress });

	it('answers 429 at the 11th failure in a minute, not before, and frees the account later', async () => {
		const login = world.a.member.login;
		for (let failure = 1; failure <= 10; failure++) {
			clock.advance(1000);
			expect((await attempt(login, 'no-me-acuerdo')).status).toBe(401);
		}
		const eleventh = await attempt(login, 'no-me-acuerdo');
		expect(eleventh.status).toBe(429);
		expect(eleventh.body.error).toBe('too_many_failed_logins');
		expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
		// While throttled even the right password waits, from any address.
		expect((await attempt(login, worldPassword, '192.0.2.99')).status).toBe(429);

		// A neighbour behind the same address logs in.
		expect((await attempt(world.a.otherMember.login, worldPassword)).status).toBe(200);

		// No permanent lockout: a minute after the first failures, the account is free again.
		clock.advance(60_000);
		expect((await attempt(login, worldPassword)).status).toBe(200);
	});

	it('throttles an address that fails across many accounts, at a much higher bar', async () => {
		const address = '203.0.113.200';
		for (let failure = 1; failure <= 100; failure++) {
			const response = await attempt(`nadie-${failure}`, 'clave-equivocada', address);
			expect(response.status).toBe(401);
		}
		expect((await attempt(world.a.collector.login, worldPassword, address)).status).toBe(429);
		expect((await attempt(world.a.collector.login, worldPassword)).status).toBe(200);
		clock.advance(60_000);
		expect((await attempt(world.a.collector.login, worldPassword, address)).status).toBe(200);
	});
});
