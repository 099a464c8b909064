// Accounts end to end on both databases: creating an association with its admin, logging in on
// several devices, Bearer and cookie sessions, idle and absolute expiry, closing a device,
// changing the password, and belonging to two associations.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ApiServices } from '../../src/lib/server/api/api-context';
import { sessions } from '../../src/lib/server/db/schema';
import { sessionAbsoluteMs, sessionIdleMs } from '../../src/lib/server/auth/sessions';
import { sha256Hex } from '../../src/lib/server/auth/tokens';
import { callApi, cookiePair, TestClock, testServices } from './support/api-client';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';

const dayMs = 24 * 3600 * 1000;
const password = 'vaca-lechera-del-valle';

await describeOnDatabases('accounts and sessions', (target) => {
	let database: TestDatabase;
	let clock: TestClock;
	let services: ApiServices;
	let n = 0;
	/** A fresh login per test, so tests do not depend on each other. */
	let login: string;

	beforeAll(async () => {
		database = await target.open();
	});
	afterAll(() => database?.destroy());
	beforeEach(() => {
		clock = new TestClock();
		services = testServices(database, clock);
		login = `rosa-${process.pid}-${++n}`;
	});

	async function register(extra: Record<string, unknown> = {}) {
		return callApi(services, 'POST', '/api/auth/register', {
			json: {
				associationName: 'Asociación de Productores de Leche Mito',
				adminName: 'Rosa Quispe',
				login,
				password,
				...extra
			}
		});
	}

	it('registers an association and its admin, keeping the id of the offline book', async () => {
		const associationId = crypto.randomUUID();
		const created = await register({ associationId });
		expect(created.status).toBe(201);
		expect(created.body.associationId).toBe(associationId);
		expect(created.body.memberships).toEqual([
			{
				associationId,
				associationName: 'Asociación de Productores de Leche Mito',
				role: 'admin',
				memberId: null
			}
		]);
		const again = await register({ associationId });
		expect(again.status).toBe(409);
		expect(again.body.error).toBe('login_must_be_unique');
	});

	it('refuses short, long and common passwords beside the field', async () => {
		for (const [candidate, code] of [
			['corta', 'password_too_short'],
			['x'.repeat(129), 'password_too_long'],
			['iloveyou', 'password_too_common'],
			['Password1', 'password_too_common']
		]) {
			const response = await register({ password: candidate });
			expect(response.status).toBe(400);
			expect(response.body.fields).toContainEqual({ field: 'password', code });
		}
		expect((await register({ password: 'ñ'.repeat(128) })).status).toBe(201);
	});

	it('sets an HttpOnly, SameSite=Lax cookie; Secure with __Host- over HTTPS', async () => {
		const plain = await register();
		const cookie = plain.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/^ayni_session=[A-Za-z0-9_-]{22};/);
		expect(cookie).toContain('HttpOnly');
		expect(cookie).toContain('SameSite=Lax');
		expect(cookie).toContain('Path=/');
		expect(cookie).not.toContain('Secure');

		const secure = await callApi(services, 'POST', '/api/auth/login', {
			json: { login, password },
			base: 'https://ayni.example'
		});
		const secureCookie = secure.headers.get('set-cookie') ?? '';
		expect(secureCookie).toMatch(/^__Host-ayni_session=[A-Za-z0-9_-]{22};/);
		expect(secureCookie).toContain('Secure');
		expect(secureCookie).toContain('HttpOnly');
		expect(secureCookie).toContain('SameSite=Lax');
		expect(secureCookie).not.toContain('Domain=');
		// The cookie is read back only under its own name for the protocol.
		const me = await callApi(services, 'GET', '/api/auth/session', {
			base: 'https://ayni.example',
			cookie: cookiePair(secure.headers)
		});
		expect(me.status).toBe(200);
		const plainNameOverHttps = await callApi(services, 'GET', '/api/auth/session', {
			base: 'https://ayni.example',
			cookie: `ayni_session=${secure.body.token}`
		});
		expect(plainNameOverHttps.status).toBe(401);
	});

	it('stores only the SHA-256 of a 128-bit token, and makes a new token at every login', async () => {
		const first = await register();
		const token: string = first.body.token;
		expect(Buffer.from(token, 'base64url')).toHaveLength(16);
		const rows = await database.db
			.select()
			.from(sessions)
			.where(eq(sessions.userId, first.body.userId));
		expect(rows).toHaveLength(1);
		expect(rows[0]?.tokenHash).toBe(sha256Hex(token));
		expect(JSON.stringify(rows)).not.toContain(token);

		const second = await callApi(services, 'POST', '/api/auth/login', {
			json: { login, password },
			cookie: cookiePair(first.headers)
		});
		expect(second.status).toBe(200);
		expect(second.body.token).not.toBe(token);
		// The session the device had before the login ends: no fixation.
		expect((await callApi(services, 'GET', '/api/auth/session', { token })).status).toBe(401);
		const me = await callApi(services, 'GET', '/api/auth/session', { token: second.body.token });
		expect(me.status).toBe(200);
		expect(me.body.login).toBe(login);
	});

	it('answers 401 to a wrong password or an unknown login, the same way', async () => {
		await register();
		const wrong = await callApi(services, 'POST', '/api/auth/login', {
			json: { login, password: 'no-es-la-clave' }
		});
		const unknown = await callApi(services, 'POST', '/api/auth/login', {
			json: { login: `${login}-nadie`, password }
		});
		expect(wrong.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect(wrong.body).toEqual(unknown.body);
	});

	it('keeps a device logged in through weeks offline, and ends it when idle too long', async () => {
		const { body } = await register();
		clock.advance(sessionIdleMs - dayMs);
		expect(
			(await callApi(services, 'GET', '/api/auth/session', { token: body.token })).status
		).toBe(200);
		clock.advance(sessionIdleMs - dayMs);
		expect(
			(await callApi(services, 'GET', '/api/auth/session', { token: body.token })).status
		).toBe(200);
		clock.advance(sessionIdleMs + 1);
		expect(
			(await callApi(services, 'GET', '/api/auth/session', { token: body.token })).status
		).toBe(401);
	});

	it('ends a session at its absolute expiry however often it is used', async () => {
		const { body } = await register();
		for (let used = 0; used < sessionAbsoluteMs - 30 * dayMs; used += 30 * dayMs) {
			clock.advance(30 * dayMs);
			const me = await callApi(services, 'GET', '/api/auth/session', { token: body.token });
			expect(me.status).toBe(200);
		}
		clock.advance(30 * dayMs);
		expect(
			(await callApi(services, 'GET', '/api/auth/session', { token: body.token })).status
		).toBe(401);
	});

	it('lists devices, closes one, and logs out', async () => {
		const phone = (await register({ deviceName: 'Celular de Rosa' })).body.token;
		const laptop = (
			await callApi(services, 'POST', '/api/auth/login', {
				json: { login, password, deviceName: 'Laptop de la oficina' }
			})
		).body.token;
		const listed = await callApi(services, 'GET', '/api/auth/sessions', { token: phone });
		expect(listed.status).toBe(200);
		expect(listed.body.sessions.map((s: { deviceName: string }) => s.deviceName).sort()).toEqual([
			'Celular de Rosa',
			'Laptop de la oficina'
		]);
		const laptopSession = listed.body.sessions.find((s: { current: boolean }) => !s.current);
		const closed = await callApi(services, 'DELETE', `/api/auth/sessions/${laptopSession.id}`, {
			token: phone
		});
		expect(closed.status).toBe(204);
		expect((await callApi(services, 'GET', '/api/auth/session', { token: laptop })).status).toBe(
			401
		);

		const out = await callApi(services, 'POST', '/api/auth/logout', { token: phone });
		expect(out.status).toBe(204);
		expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
		expect((await callApi(services, 'GET', '/api/auth/session', { token: phone })).status).toBe(
			401
		);
	});

	it('changes the password: the old one stops working and other devices log out', async () => {
		const phone = (await register()).body.token;
		const laptop = (
			await callApi(services, 'POST', '/api/auth/login', { json: { login, password } })
		).body.token;
		const refused = await callApi(services, 'POST', '/api/auth/password', {
			token: phone,
			json: { currentPassword: 'otra-clave-cualquiera', newPassword: 'papa-amarilla-2025' }
		});
		expect(refused.status).toBe(403);
		const common = await callApi(services, 'POST', '/api/auth/password', {
			token: phone,
			json: { currentPassword: password, newPassword: 'password123' }
		});
		expect(common.status).toBe(400);
		expect(common.body.fields).toEqual([{ field: 'newPassword', code: 'password_too_common' }]);
		const changed = await callApi(services, 'POST', '/api/auth/password', {
			token: phone,
			json: { currentPassword: password, newPassword: 'papa-amarilla-2025' }
		});
		expect(changed.status).toBe(204);
		expect((await callApi(services, 'GET', '/api/auth/session', { token: phone })).status).toBe(
			200
		);
		expect((await callApi(services, 'GET', '/api/auth/session', { token: laptop })).status).toBe(
			401
		);
		const oldPassword = await callApi(services, 'POST', '/api/auth/login', {
			json: { login, password }
		});
		expect(oldPassword.status).toBe(401);
		const newPassword = await callApi(services, 'POST', '/api/auth/login', {
			json: { login, password: 'papa-amarilla-2025' }
		});
		expect(newPassword.status).toBe(200);
	});

	it('lets one person belong to two associations and see both', async () => {
		const { body } = await register();
		const second = crypto.randomUUID();
		const created = await callApi(services, 'POST', '/api/associations', {
			token: body.token,
			json: { associationName: 'Criadores de Cuyes de Matahuasi', associationId: second }
		});
		expect(created.status).toBe(201);
		const me = await callApi(services, 'GET', '/api/auth/session', { token: body.token });
		expect(me.body.memberships.map((m: { associationName: string }) => m.associationName)).toEqual([
			'Asociación de Productores de Leche Mito',
			'Criadores de Cuyes de Matahuasi'
		]);
	});
});
