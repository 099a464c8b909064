// The audit log records logins, failures, role changes, invitations and closed sessions in a hash
// chain per association. The database refuses updates and deletes; someone who gets round that
// (here: by switching the trigger off as the database owner could) is caught by audit:verify.
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiServices } from '../../src/lib/server/api/api-context';
import { serverChainId, verifyAuditLog } from '../../src/lib/server/audit/audit-log';
import { auditLog } from '../../src/lib/server/db/schema';
import { callApi, testServices } from './support/api-client';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';
import { seedWorld, worldPassword, type World } from './support/world';

await describeOnDatabases('audit log', (target) => {
	let database: TestDatabase;
	let services: ApiServices;
	let world: World;

	beforeAll(async () => {
		database = await target.open();
		services = testServices(database);
		world = await seedWorld(services);
		// One of each kind of event.
		await callApi(services, 'POST', '/api/auth/login', {
			json: { login: world.a.member.login, password: 'no-es-esta' }
		});
		const login = await callApi(services, 'POST', '/api/auth/login', {
			json: { login: world.a.member.login, password: worldPassword }
		});
		await callApi(
			services,
			'PATCH',
			`/api/associations/${world.a.id}/users/${world.a.collector.userId}`,
			{
				token: world.a.admin.token,
				json: { role: 'treasurer' }
			}
		);
		const invitation = await callApi(
			services,
			'POST',
			`/api/associations/${world.a.id}/invitations`,
			{
				token: world.a.admin.token,
				json: { role: 'collector' }
			}
		);
		await callApi(services, 'POST', '/api/auth/join', {
			json: {
				code: invitation.body.code,
				name: 'Pedro',
				login: `pedro-${process.pid}`,
				password: 'alfalfa-y-avena-2025'
			}
		});
		await callApi(services, 'POST', '/api/auth/logout', { token: login.body.token });
	});
	afterAll(() => database?.destroy());

	const actions = async (associationId: string) =>
		(
			await database.db
				.select({ action: auditLog.action })
				.from(auditLog)
				.where(sql`${auditLog.associationId} = ${associationId}`)
				.orderBy(auditLog.seq)
		).map((row) => row.action);

	it('records logins, failures, role changes, invitations and closes, chained', async () => {
		expect(await actions(serverChainId)).toEqual([
			'login.failed',
			'login.succeeded',
			'session.closed'
		]);
		expect(await actions(world.a.id)).toEqual([
			'membership.role_changed',
			'invitation.created',
			'invitation.used'
		]);
		const verification = await verifyAuditLog(database.db);
		expect(verification.breaks).toEqual([]);
		expect(verification.chains.map((chain) => chain.rows).sort()).toEqual([3, 3]);
	});

	it('refuses to update, delete or truncate audit rows', async () => {
		await expect(
			database.db.execute(sql`update audit_log set action = 'nada' where seq = 1`)
		).rejects.toThrow();
		await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
		await expect(database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
	});

	it('finds an edited row with npm run audit:verify', async () => {
		const runVerify = () => {
			const env: NodeJS.ProcessEnv = { ...process.env, AYNI_DATA_DIR: '', DATABASE_URL: '' };
			if (target.kind === 'pglite') env.AYNI_DATA_DIR = database.location;
			else env.DATABASE_URL = database.location;
			// What `npm run audit:verify` runs, minus npm's own start-up.
			return spawnSync('node', ['--import', 'tsx', 'scripts/audit-verify.ts'], {
				env,
				encoding: 'utf8'
			});
		};
		// PGlite: one process per folder, so the test's handle steps aside while the script runs.
		if (target.kind === 'pglite') await database.close();
		const tamper = await database.reopen();
		expect((await verifyAuditLog(tamper.db)).breaks).toEqual([]);
		await tamper.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
		await tamper.db.execute(
			sql`update audit_log set details = '{"userId":"x","from":"collector","to":"admin"}'::jsonb
				where association_id = ${world.a.id} and seq = 1`
		);
		await tamper.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
		const found = await verifyAuditLog(tamper.db);
		expect(found.breaks).toContainEqual({
			associationId: world.a.id,
			seq: 1,
			problem: 'hash_must_match_content'
		});
		await tamper.close();

		const broken = runVerify();
		expect(broken.status, broken.stderr).toBe(1);
		expect(broken.stdout).toMatch(/chain .+: 3 rows, head [0-9a-f]{64}/);
		expect(broken.stderr).toContain(`BROKEN chain ${world.a.id} at seq 1: hash_must_match_content`);
	});

	it('finds a deleted row', async () => {
		const tamper = await database.reopen();
		await tamper.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
		await tamper.db.execute(
			sql`delete from audit_log where association_id = ${serverChainId} and seq = 2`
		);
		await tamper.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
		const found = await verifyAuditLog(tamper.db);
		expect(found.breaks).toContainEqual({
			associationId: serverChainId,
			seq: 3,
			problem: 'seq_must_follow_previous_row'
		});
		await tamper.close();
	});
});
