// Inviting people: a code for a role (and, for a member, which socio), joining with it as a new
// account or adding it to an existing one, codes that work once and expire, and an admin changing
// roles and disabling people.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ApiServices } from '../../src/lib/server/api/api-context';
import { invitationLifetimeMs } from '../../src/lib/server/api/invitations-api';
import { callApi, TestClock, testServices } from './support/api-client';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';
import { seedWorld, worldPassword, type World } from './support/world';

await describeOnDatabases('invitations and people', (target) => {
	let database: TestDatabase;
	let clock: TestClock;
	let services: ApiServices;
	let world: World;
	let n = 0;

	beforeAll(async () => {
		database = await target.open();
	});
	afterAll(() => database?.destroy());
	beforeEach(async () => {
		clock = new TestClock();
		services = testServices(database, clock);
		world = await seedWorld(services);
	});

	const invite = (token: string, json: unknown, associationId = world.a.id) =>
		callApi(services, 'POST', `/api/associations/${associationId}/invitations`, { token, json });
	const join = (code: string, extra: Record<string, unknown> = {}) =>
		callApi(services, 'POST', '/api/auth/join', {
			json: {
				code,
				name: 'Juana Huamán',
				login: `juana-${process.pid}-${++n}`,
				password: 'ordeño-de-la-mañana',
				...extra
			}
		});

	it('invites a member as a given socio; the code joins once, and the person is in', async () => {
		const memberId = crypto.randomUUID();
		const created = await invite(world.a.treasurer.token, { role: 'member', memberId });
		expect(created.status).toBe(201);
		expect(created.body.code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);

		// Typed in lower case with spaces, as people do.
		const typed = created.body.code.toLowerCase().replace('-', ' ');
		const joined = await join(typed);
		expect(joined.status).toBe(201);
		expect(joined.body).toMatchObject({ associationId: world.a.id, role: 'member', memberId });
		const me = await callApi(services, 'GET', '/api/auth/session', { token: joined.body.token });
		expect(me.body.memberships).toEqual([
			expect.objectContaining({ associationId: world.a.id, role: 'member', memberId })
		]);

		const again = await join(created.body.code);
		expect(again.status).toBe(410);
		expect(again.body.error).toBe('invitation_already_used');
	});

	it('refuses an expired, a revoked and an unknown code', async () => {
		const expired = (await invite(world.a.admin.token, { role: 'collector' })).body.code;
		const revoked = await invite(world.a.admin.token, { role: 'collector' });
		expect(
			(
				await callApi(
					services,
					'DELETE',
					`/api/associations/${world.a.id}/invitations/${revoked.body.invitationId}`,
					{ token: world.a.admin.token }
				)
			).status
		).toBe(204);
		expect((await join(revoked.body.code)).body.error).toBe('invitation_revoked');
		clock.advance(invitationLifetimeMs);
		expect((await join(expired)).body.error).toBe('invitation_expired');
		const unknown = await join('ABCDE-FGHJK');
		expect(unknown.status).toBe(404);
		expect(unknown.body.fields).toEqual([{ field: 'code', code: 'invitation_not_found' }]);
	});

	it('needs the socio for a member, and keeps a treasurer from inviting admins', async () => {
		const noSocio = await invite(world.a.admin.token, { role: 'member' });
		expect(noSocio.status).toBe(400);
		expect(noSocio.body.fields).toEqual([
			{ field: 'memberId', code: 'member_id_required_for_member' }
		]);
		for (const role of ['admin', 'treasurer']) {
			const response = await invite(world.a.treasurer.token, { role });
			expect(response.status).toBe(403);
			expect(response.body.error).toBe('role_must_allow_invitation');
		}
		expect((await invite(world.a.collector.token, { role: 'collector' })).status).toBe(403);
	});

	it('lets a person with an account add a second association with a code', async () => {
		const code = (await invite(world.b.admin.token, { role: 'collector' }, world.b.id)).body.code;
		const accepted = await callApi(services, 'POST', '/api/invitations/accept', {
			token: world.a.member.token,
			json: { code }
		});
		expect(accepted.status).toBe(201);
		expect(accepted.body.memberships.map((m: { role: string }) => m.role).sort()).toEqual([
			'collector',
			'member'
		]);
		const twice = await callApi(services, 'POST', '/api/invitations/accept', {
			token: world.a.member.token,
			json: {
				code: (await invite(world.b.admin.token, { role: 'collector' }, world.b.id)).body.code
			}
		});
		expect(twice.status).toBe(409);
	});

	it('lets an admin change a role and disable a person, whose sessions end at once', async () => {
		const path = `/api/associations/${world.a.id}/users/${world.a.collector.userId}`;
		const promoted = await callApi(services, 'PATCH', path, {
			token: world.a.admin.token,
			json: { role: 'treasurer' }
		});
		expect(promoted.status).toBe(200);
		expect(promoted.body.user).toMatchObject({ role: 'treasurer', disabled: false });

		const disabled = await callApi(services, 'PATCH', path, {
			token: world.a.admin.token,
			json: { disabled: true }
		});
		expect(disabled.status).toBe(200);
		expect(
			(await callApi(services, 'GET', '/api/auth/session', { token: world.a.collector.token }))
				.status
		).toBe(401);
		// Logging in again gives no way back into this association.
		const back = await callApi(services, 'POST', '/api/auth/login', {
			json: { login: world.a.collector.login, password: worldPassword }
		});
		expect(back.status).toBe(200);
		expect(back.body.memberships).toEqual([]);
		const users = await callApi(services, 'GET', `/api/associations/${world.a.id}/users`, {
			token: back.body.token
		});
		expect(users.status).toBe(404);
	});

	it('always keeps an enabled admin', async () => {
		const path = `/api/associations/${world.a.id}/users/${world.a.admin.userId}`;
		const demoted = await callApi(services, 'PATCH', path, {
			token: world.a.admin.token,
			json: { role: 'treasurer' }
		});
		expect(demoted.status).toBe(409);
		expect(demoted.body.error).toBe('association_must_keep_an_admin');
	});
});
