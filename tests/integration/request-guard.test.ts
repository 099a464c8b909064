// Every state-changing /api request must come from this server's own pages (Origin) or be a
// script with a Bearer token, and carry JSON: text/plain and form bodies, which a cross-site page
// can send without a preflight, are refused before any endpoint runs, and nothing is written.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiServices } from '../../src/lib/server/api/api-context';
import { endpoints } from '../../src/lib/server/api/endpoints';
import { callApi, testOrigin, testServices } from './support/api-client';
import { snapshotDatabase } from './support/snapshot';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';
import { seedWorld, worldPassword, type World } from './support/world';

await describeOnDatabases('Origin and body checks', (target) => {
	let database: TestDatabase;
	let services: ApiServices;
	let world: World;

	beforeAll(async () => {
		database = await target.open();
		services = testServices(database);
		world = await seedWorld(services);
	});
	afterAll(() => database?.destroy());

	const stateChanging = endpoints.filter((endpoint) => endpoint.method !== 'GET');
	const pathOf = (route: string) =>
		route
			.replace('[associationId]', world.a.id)
			.replace('[userId]', world.a.member.userId)
			.replace('[invitationId]', world.invitationA.id)
			.replace('[sessionId]', world.a.admin.sessionId);

	it('refuses a foreign, a null or a missing Origin on every state-changing endpoint', async () => {
		const before = await snapshotDatabase(database.db);
		for (const endpoint of stateChanging) {
			for (const origin of ['https://evil.example', 'null', null]) {
				const response = await callApi(services, endpoint.method, pathOf(endpoint.route), {
					origin,
					cookie: `ayni_session=${world.a.admin.token}`,
					json: {}
				});
				expect(response.status, `${endpoint.method} ${endpoint.route} from ${origin}`).toBe(403);
				expect(response.body.error).toBe('origin_must_be_this_server');
			}
		}
		expect(await snapshotDatabase(database.db)).toEqual(before);
	});

	it('refuses text/plain, form and multipart bodies on every state-changing endpoint', async () => {
		const before = await snapshotDatabase(database.db);
		for (const endpoint of stateChanging) {
			for (const contentType of [
				'text/plain',
				'text/plain;charset=UTF-8',
				'application/x-www-form-urlencoded',
				'multipart/form-data; boundary=x'
			]) {
				const response = await callApi(services, endpoint.method, pathOf(endpoint.route), {
					token: world.a.admin.token,
					body: JSON.stringify({ login: world.a.admin.login, password: worldPassword }),
					contentType
				});
				expect(response.status, `${endpoint.method} ${endpoint.route} as ${contentType}`).toBe(415);
			}
		}
		expect(await snapshotDatabase(database.db)).toEqual(before);
	});

	it('lets a script with a Bearer token and no Origin through, and a same-origin page', async () => {
		const script = await callApi(services, 'POST', `/api/associations/${world.a.id}/invitations`, {
			origin: null,
			token: world.a.admin.token,
			json: { role: 'collector' }
		});
		expect(script.status).toBe(201);
		const page = await callApi(services, 'POST', '/api/auth/login', {
			origin: testOrigin,
			json: { login: world.a.member.login, password: worldPassword }
		});
		expect(page.status).toBe(200);
	});

	it('refuses a Bearer request without Origin that a browser sent (Sec-Fetch-Site)', async () => {
		const response = await callApi(services, 'POST', '/api/auth/logout', {
			origin: null,
			token: world.a.admin.token,
			headers: { 'sec-fetch-site': 'cross-site' }
		});
		expect(response.status).toBe(403);
	});
});
