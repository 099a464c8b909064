import { beforeEach, describe, expect, it } from 'vitest';
import { generateBook } from '../../../tests/fixtures/ops-generator';
import { resetDatabase, snapshotProjections } from '../../../tests/fixtures/projection-snapshot';
import { applyRemote } from './apply-remote';
import { db } from './db';
import { metaKeys, projectionsVersion, readMeta, writeMeta } from './meta';
import { rebuildIfOutdated, rebuildProjections, type RebuildLocks } from './rebuild';

/** Web Locks as the browser grants them, one holder at a time, noting how many ran at once. */
function recordingLocks() {
	let tail: Promise<unknown> = Promise.resolve();
	let running = 0;
	const seen = { most: 0, granted: 0 };
	const locks = {
		request: (_name: string, callback: () => Promise<unknown>) => {
			const turn = tail.then(async () => {
				running += 1;
				seen.granted += 1;
				seen.most = Math.max(seen.most, running);
				try {
					return await callback();
				} finally {
					running -= 1;
				}
			});
			tail = turn.catch(() => undefined);
			return turn;
		}
	} as unknown as RebuildLocks;
	return { locks, seen };
}

beforeEach(async () => {
	await resetDatabase(db);
});

describe('rebuilding the projections', () => {
	it('runs one rebuild at a time across tabs, and ends with the projections of the log', async () => {
		const book = generateBook({ seed: 11, members: 4, days: 6 });
		await applyRemote(book.ops);
		const expected = await snapshotProjections(db);
		const { locks, seen } = recordingLocks();
		// Two tabs that found the same rejected ops, say: both rebuild.
		await Promise.all([rebuildProjections(db, { locks }), rebuildProjections(db, { locks })]);
		expect(seen).toEqual({ most: 1, granted: 2 });
		expect(await snapshotProjections(db)).toEqual(expected);
		expect(await readMeta(db, metaKeys.projectionsVersion)).toBe(projectionsVersion);
	});

	it('a tab that waited for another tab’s rebuild at opening finds the tables done', async () => {
		const book = generateBook({ seed: 12, members: 3, days: 4 });
		await applyRemote(book.ops);
		await writeMeta(db, metaKeys.projectionsVersion, 'rebuilding');
		const { locks } = recordingLocks();
		const [first, second] = await Promise.all([
			rebuildIfOutdated(db, { locks }),
			rebuildIfOutdated(db, { locks })
		]);
		expect([first, second]).toEqual([true, false]);
	});

	it('leaves the tables marked unfinished when a rebuild was asked for while it ran', async () => {
		const book = generateBook({ seed: 13, members: 3, days: 4 });
		await applyRemote(book.ops);
		// While it projects, another tab refuses ops and asks for a rebuild of its own.
		let asked: Promise<void> | undefined;
		await rebuildProjections(db, {
			onProgress: () => {
				asked ??= writeMeta(db, metaKeys.projectionsVersion, 'rebuilding');
			}
		});
		await asked;
		expect(await readMeta(db, metaKeys.projectionsVersion)).toBe('rebuilding');
		expect(await rebuildIfOutdated(db)).toBe(true);
		expect(await readMeta(db, metaKeys.projectionsVersion)).toBe(projectionsVersion);
	});
});
