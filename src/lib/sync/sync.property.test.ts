// Convergence, model-based, against the in-memory twin of the server (same rules in the same
// order, tests/fixtures/fake-sync-server.ts): see tests/fixtures/sync-convergence.ts for the model.
// The same model runs against the real server on PGlite in tests/integration/sync-client.test.ts.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { FakeSyncServer } from '../../../tests/fixtures/fake-sync-server';
import { commands, setUp, settleAndCheck } from '../../../tests/fixtures/sync-convergence';

const runs = process.env.CI === 'true' ? 1000 : 40;

describe('sync convergence', () => {
	it(
		'three phones with lost, duplicated and reordered batches and short pages end with the same book',
		async () => {
			await fc.assert(
				fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
					const world = await setUp(async (input) => new FakeSyncServer(input));
					await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);
					await settleAndCheck(world);
				}),
				{ numRuns: runs }
			);
		},
		runs * 1_000
	);
});
