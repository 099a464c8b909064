// 1,000 malformed bodies against the auth endpoints on each database: wrong types, huge strings,
// deep nesting, NaN, unknown and missing fields, bodies that are not objects or not JSON at all.
// Every answer must be 4xx (never 5xx) and nothing may be written.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiServices } from '../../src/lib/server/api/api-context';
import { callApi, testServices } from './support/api-client';
import { snapshotDatabase } from './support/snapshot';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';
import { seedWorld, type World } from './support/world';

interface Target {
	path: string;
	/** Needs the caller's session (the password change, accepting an invitation). */
	withSession: boolean;
	valid: Record<string, unknown>;
	required: string[];
}

function targets(world: World): Target[] {
	return [
		{
			path: '/api/auth/register',
			withSession: false,
			valid: {
				associationName: 'Asociación Aco',
				adminName: 'Lucía',
				login: 'lucia-fuzz',
				password: 'quinua-roja-2025',
				associationId: crypto.randomUUID(),
				deviceName: 'Celular'
			},
			required: ['associationName', 'adminName', 'login', 'password']
		},
		{
			path: '/api/auth/login',
			withSession: false,
			valid: { login: world.a.member.login, password: 'una-clave-larga', deviceName: 'Celular' },
			required: ['login', 'password']
		},
		{
			path: '/api/auth/join',
			withSession: false,
			valid: {
				code: world.invitationA.code,
				name: 'Teodoro',
				login: 'teodoro-fuzz',
				password: 'habas-verdes-2025'
			},
			required: ['code', 'name', 'login', 'password']
		},
		{
			path: '/api/auth/password',
			withSession: true,
			valid: { currentPassword: 'una-clave-larga', newPassword: 'otra-clave-larga' },
			required: ['currentPassword', 'newPassword']
		},
		{
			path: '/api/invitations/accept',
			withSession: true,
			valid: { code: world.invitationB.code },
			required: ['code']
		},
		{
			path: '/api/associations',
			withSession: true,
			valid: { associationName: 'Cuyes de Comas', associationId: crypto.randomUUID() },
			required: ['associationName']
		}
	];
}

const nested = (depth: number): unknown => {
	let value: unknown = 'fondo';
	for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { d: value };
	return value;
};

/** Any JSON value that is not a string: every field of these bodies is a string. */
const notAString = fc.oneof(
	fc.integer(),
	fc.double(),
	fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, null, true, false),
	fc.array(fc.anything(), { maxLength: 5 }),
	fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 5 }),
	fc.integer({ min: 50, max: 3000 }).map(nested)
);

type Mutation =
	| { kind: 'wrongType'; field: number; value: unknown }
	| { kind: 'huge'; field: number; length: number }
	| { kind: 'unknownField'; key: string; value: unknown }
	| { kind: 'missing'; field: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({ kind: fc.constant('wrongType' as const), field: fc.nat(), value: notAString }),
	fc.record({
		kind: fc.constant('huge' as const),
		field: fc.nat(),
		length: fc.integer({ min: 1100, max: 40_000 })
	}),
	fc.record({
		kind: fc.constant('unknownField' as const),
		key: fc.string({ minLength: 1, maxLength: 20 }).map((key) => `x_${key}`),
		// A JSON value, never undefined: JSON.stringify would drop the key and make the body valid.
		value: fc.jsonValue()
	}),
	fc.record({ kind: fc.constant('missing' as const), field: fc.nat() })
);

type Body =
	| { kind: 'object'; mutations: Mutation[] }
	| { kind: 'notAnObject'; value: unknown }
	| { kind: 'rawText'; text: string }
	| { kind: 'nanLiteral'; field: number };

const body: fc.Arbitrary<Body> = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.record({
			kind: fc.constant('object' as const),
			mutations: fc.array(mutation, { minLength: 1, maxLength: 3 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('notAnObject' as const),
			value: fc.oneof(
				fc.integer(),
				fc.string(),
				fc.constant(null),
				fc.array(fc.anything()),
				fc.boolean()
			)
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('rawText' as const),
			text: fc.oneof(
				fc.string().filter((text) => !isJson(text)),
				fc.constantFrom('{', '{"login":', '[1,2', '{"login": undefined}', "{'a':1}", '\u0000')
			)
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('nanLiteral' as const), field: fc.nat() }) }
);

function isJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/** The raw body text for a target; every variant breaks the target's schema at least once. */
function render(target: Target, generated: Body): string {
	const fields = Object.keys(target.valid);
	switch (generated.kind) {
		case 'notAnObject':
			return JSON.stringify(generated.value) ?? 'null';
		case 'rawText':
			return generated.text;
		case 'nanLiteral': {
			const field = fields[generated.field % fields.length]!;
			return JSON.stringify({ ...target.valid, [field]: '__NAN__' }).replace('"__NAN__"', 'NaN');
		}
		case 'object': {
			const value: Record<string, unknown> = { ...target.valid };
			for (const change of generated.mutations) {
				const field = fields[('field' in change ? change.field : 0) % fields.length]!;
				if (change.kind === 'wrongType') value[field] = change.value;
				if (change.kind === 'huge') value[field] = 'ñ'.repeat(change.length);
				if (change.kind === 'unknownField') value[change.key] = change.value;
				if (change.kind === 'missing') {
					delete value[target.required[change.field % target.required.length]!];
				}
			}
			return JSON.stringify(value);
		}
	}
}

await describeOnDatabases('fuzzed auth bodies', (databaseTarget) => {
	let database: TestDatabase;
	let services: ApiServices;
	let world: World;

	beforeAll(async () => {
		database = await databaseTarget.open();
		services = testServices(database);
		world = await seedWorld(services);
	});
	afterAll(() => database?.destroy());

	it('answers 1,000 malformed bodies with 4xx and writes nothing', async () => {
		const endpoints = targets(world);
		const before = await snapshotDatabase(database.db);
		const statuses = new Map<number, number>();
		await fc.assert(
			fc.asyncProperty(fc.nat(), body, async (pick, generated) => {
				const target = endpoints[pick % endpoints.length]!;
				const response = await callApi(services, 'POST', target.path, {
					body: render(target, generated),
					contentType: 'application/json',
					token: target.withSession ? world.a.member.token : undefined
				});
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
				expect(response.status).toBeGreaterThanOrEqual(400);
				expect(response.status).toBeLessThan(500);
				expect(response.status).not.toBe(401);
			}),
			{ numRuns: 1000 }
		);
		expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(1000);
		expect(await snapshotDatabase(database.db)).toEqual(before);
	});
});
