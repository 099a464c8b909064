// The phone's sync engine against the real server code (push.ts, pull.ts) on PGlite and
// PostgreSQL, through the same convergence model as the unit test with the in-memory server
// (tests/fixtures/sync-convergence.ts): if the fake and the real server ever disagree on a rule,
// one of the two runs fails. Phones are Dexie on fake-indexeddb.
import 'fake-indexeddb/auto';
import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, it } from 'vitest';
import { parseOp, type CatalogOp } from '../../src/lib/ops/catalog';
import { associations, ops } from '../../src/lib/server/db/schema';
import { pullOps } from '../../src/lib/server/sync/pull';
import { pushOps } from '../../src/lib/server/sync/push';
import { opFromRow } from '../../src/lib/server/sync/stored-op';
import type { SyncTransport, TransportResult } from '../../src/lib/sync/sync-transport';
import type { FakeCaller } from '../fixtures/fake-sync-server';
import {
	commands,
	setUp,
	settleAndCheck,
	type ConvergenceServer
} from '../fixtures/sync-convergence';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';

const runs = process.env.CI === 'true' ? 100 : 25;

await describeOnDatabases('the sync engine against the real server', (target) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await target.open();
	});
	afterAll(() => database?.destroy());

	async function realServer({
		associationId,
		now
	}: {
		associationId: string;
		now: () => number;
	}): Promise<ConvergenceServer> {
		await database.db
			.insert(associations)
			.values({ id: associationId, name: 'Lecheros de Matahuasi', createdAt: new Date() });
		const transportFor = ({ userId, role, memberId }: FakeCaller): SyncTransport => {
			const caller = { userId, role, associationId, ...(memberId ? { memberId } : {}) };
			return {
				async push(request) {
					// Through JSON, as on the wire.
					const body: unknown = JSON.parse(JSON.stringify(request));
					const response = await pushOps({ db: database.db, caller, body, now });
					return asTransportResult(response);
				},
				async pull(request) {
					const response = await pullOps({
						db: database.db,
						caller,
						associationId: request.associationId,
						after: String(request.after),
						limit: String(request.limit),
						userId: request.userId
					});
					return asTransportResult(
						response.status === 200
							? { status: 200, body: JSON.parse(JSON.stringify(response.body)) }
							: response
					);
				}
			};
		};
		return {
			transportFor,
			async storedOps(): Promise<CatalogOp[]> {
				const rows = await database.db
					.select()
					.from(ops)
					.where(eq(ops.associationId, associationId))
					.orderBy(asc(ops.seq));
				return rows.map((row) => {
					const parsed = parseOp(opFromRow(row));
					if (!parsed.ok) throw new Error(`stored op fails validation: ${row.id}`);
					return parsed.op;
				});
			}
		};
	}

	it(
		'three phones with lost, duplicated and reordered batches end with the same book',
		async () => {
			await fc.assert(
				fc.asyncProperty(fc.commands(commands, { maxCommands: 20 }), async (cmds) => {
					const world = await setUp(realServer);
					await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);
					await settleAndCheck(world);
				}),
				{ numRuns: runs }
			);
		},
		runs * 10_000
	);
});

function asTransportResult<T>(response: { status: number; body: unknown }): TransportResult<T> {
	if (response.status === 200) return { ok: true, value: response.body as T };
	const error = (response.body as { error?: string } | undefined)?.error ?? 'unknown';
	return { ok: false, status: response.status, error };
}
