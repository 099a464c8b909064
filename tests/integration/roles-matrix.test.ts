// Tenant isolation and roles: every endpoint × every role × own / other member's / other
// association's ids, against the table "Who may call what" in docs/api.md (read from there, so
// the documentation cannot drift from the code). After every refusal the whole database is
// re-read and must be unchanged.
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiServices } from '../../src/lib/server/api/api-context';
import { accountEndpoints } from '../../src/lib/server/api/endpoints';
import { memberships } from '../../src/lib/server/db/schema';
import { callApi, testServices } from './support/api-client';
import { snapshotDatabase } from './support/snapshot';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';
import { seedWorld, worldPassword, type Person, type World } from './support/world';

const callers = ['anonymous', 'admin', 'treasurer', 'collector', 'member'] as const;
type CallerRole = (typeof callers)[number];

interface MatrixRow {
	method: string;
	/** As in docs/api.md: `/api/associations/:associationId/users`. */
	path: string;
	target: string;
	expected: Record<CallerRole, number>;
}

function readMatrix(): MatrixRow[] {
	const text = readFileSync('docs/api.md', 'utf8');
	const table = /<!-- roles-matrix:start -->([\s\S]*?)<!-- roles-matrix:end -->/.exec(text)?.[1];
	if (!table) throw new Error('docs/api.md has no roles-matrix table');
	const rows: MatrixRow[] = [];
	let method = '';
	let path = '';
	for (const line of table.split('\n')) {
		const cells = line
			.split('|')
			.slice(1, -1)
			.map((cell) => cell.trim());
		if (cells.length !== 7 || cells[0] === 'endpoint' || cells[0]?.startsWith('---')) continue;
		const [endpoint = '', target = '', ...statuses] = cells;
		if (endpoint) [method = '', path = ''] = endpoint.replace(/`/g, '').split(' ');
		rows.push({
			method,
			path,
			target,
			expected: Object.fromEntries(callers.map((role, i) => [role, Number(statuses[i])])) as Record<
				CallerRole,
				number
			>
		});
	}
	return rows;
}

/** Path parameters and body for a row, as `caller` in `world`. */
function buildCall(
	row: MatrixRow,
	world: World,
	caller: Person | undefined,
	fresh: string
): { path: string; json?: unknown } {
	const self = caller ?? world.a.member;
	const params: Record<string, string> = {};
	const target = row.target;
	const otherAssociation = target === 'other association';
	params.associationId = otherAssociation ? world.b.id : world.a.id;
	params.sessionId =
		target === "other member's session"
			? world.a.otherMember.sessionId
			: target === "other association's session"
				? world.b.member.sessionId
				: self.sessionId;
	params.userId =
		target === 'other member'
			? world.a.otherMember.userId
			: target === "other association's user" || otherAssociation
				? world.b.member.userId
				: self.userId;
	params.invitationId =
		target === 'invitation for a treasurer'
			? world.invitationForTreasurerA.id
			: target === "other association's invitation" || otherAssociation
				? world.invitationB.id
				: world.invitationByTreasurerA.id;
	const path = row.path.replace(/:(\w+)/g, (_, name: string) => {
		const value = params[name];
		if (!value) throw new Error(`No value for :${name} in ${row.path}`);
		return value;
	});

	const known = [
		'—',
		'own account',
		'own session',
		'own association',
		"own association's code",
		"other association's code",
		"other member's session",
		"other association's session",
		'other member',
		"other association's user",
		'other association',
		"own association's invitation",
		'invitation for a treasurer',
		"other association's invitation"
	];
	if (!known.includes(target)) throw new Error(`Unknown target "${target}" in docs/api.md`);

	const bodies: Record<string, unknown> = {
		'POST /api/auth/register': {
			associationName: `Nueva ${fresh}`,
			adminName: 'Nueva',
			login: `nueva-${fresh}`,
			password: 'maca-y-mashua-2025'
		},
		'POST /api/auth/login': { login: self.login, password: worldPassword },
		'POST /api/auth/join': {
			code: world.invitationA.code,
			name: 'Nuevo',
			login: `nuevo-${fresh}`,
			password: 'maca-y-mashua-2025'
		},
		'POST /api/auth/password': {
			currentPassword: worldPassword,
			newPassword: 'maca-y-mashua-2025'
		},
		'POST /api/associations': { associationName: `Otra ${fresh}` },
		'PATCH /api/associations/:associationId/users/:userId': { memberId: crypto.randomUUID() },
		'POST /api/associations/:associationId/invitations': { role: 'collector' },
		'POST /api/invitations/accept': {
			code: target === "own association's code" ? world.invitationA.code : world.invitationB.code
		}
	};
	return { path, json: bodies[`${row.method} ${row.path}`] };
}

const matrix = readMatrix();

// The sync endpoints join the matrix when their rows (and bodies in buildCall) are written.
it('covers every account endpoint of the API in docs/api.md', () => {
	const documented = new Set(matrix.map((row) => `${row.method} ${row.path}`));
	for (const endpoint of accountEndpoints) {
		const path = endpoint.route.replace(/\[(\w+)\]/g, ':$1');
		expect(documented, `${endpoint.method} ${path}`).toContain(`${endpoint.method} ${path}`);
	}
	expect(matrix.length).toBeGreaterThan(20);
});

await describeOnDatabases('roles matrix', (target) => {
	let database: TestDatabase;
	let services: ApiServices;

	beforeAll(async () => {
		database = await target.open();
		services = testServices(database);
	});
	afterAll(() => database?.destroy());

	it('notices any change when it re-reads the database', async () => {
		const world = await seedWorld(services);
		const before = await snapshotDatabase(database.db);
		await database.db
			.update(memberships)
			.set({ memberId: crypto.randomUUID() })
			.where(eq(memberships.userId, world.a.member.userId));
		expect(await snapshotDatabase(database.db)).not.toEqual(before);
	});

	it('answers every endpoint × role × target as the table says; refusals change nothing', async () => {
		let world = await seedWorld(services);
		let calls = 0;
		const mismatches: string[] = [];
		for (const row of matrix) {
			for (const role of callers) {
				const caller = role === 'anonymous' ? undefined : world.a[role];
				const { path, json } = buildCall(row, world, caller, `${process.pid}-${++calls}`);
				const expected = row.expected[role];
				const refused = expected >= 400;
				const before = refused ? await snapshotDatabase(database.db) : undefined;
				const response = await callApi(services, row.method, path, {
					token: caller?.token,
					json,
					clientAddress: `10.0.${calls % 250}.${role.length}`
				});
				const label = `${row.method} ${row.path} [${row.target}] as ${role}`;
				if (response.status !== expected) {
					mismatches.push(
						`${label}: ${response.status} ${JSON.stringify(response.body)}, want ${expected}`
					);
				}
				if (refused) {
					expect([401, 403, 404, 409], label).toContain(expected);
					expect(await snapshotDatabase(database.db), `${label} changed the database`).toEqual(
						before
					);
				} else if (row.method !== 'GET') {
					// The call changed something (a session, a role, a used code): start from a fresh world.
					world = await seedWorld(services);
				}
			}
		}
		expect(mismatches).toEqual([]);
		expect(calls).toBe(matrix.length * callers.length);
	});
});
