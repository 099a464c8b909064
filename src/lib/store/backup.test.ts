import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { generateBook, makeRandom } from '../../../tests/fixtures/ops-generator';
import {
	resetDatabase,
	snapshotLog,
	snapshotProjections
} from '../../../tests/fixtures/projection-snapshot';
import { applyRemote } from './apply-remote';
import { exportBackup, importBackup, type BackupFile } from './backup';
import { makeDatabase } from './db';

const source = makeDatabase('backup-source');
const target = makeDatabase('backup-target');

beforeEach(async () => {
	await Promise.all([resetDatabase(source), resetDatabase(target)]);
});

afterAll(() => {
	source.close();
	target.close();
});

async function exported(ops: readonly unknown[]): Promise<BackupFile> {
	const applied = await applyRemote(ops, { db: source, status: 'pending' });
	if (!applied.ok || applied.refused.length > 0) throw new Error('book not applied');
	const file = await exportBackup({ db: source });
	if ('error' in file) throw new Error(file.error);
	return file;
}

describe('backup', () => {
	it('round-trips 1,000 generated books into an empty phone with identical projections', async () => {
		const random = makeRandom(2025);
		const books = Array.from({ length: 1000 }, () => ({
			seed: random.int(0, 2 ** 31),
			members: random.int(1, 2),
			days: random.int(1, 2),
			startDate: random.pick(['2025-03-14', '2025-03-30', '2025-06-01']),
			deliveryVoidRate: 0.1,
			advancesPerMonth: 8,
			chargesPerMonth: 5
		}));
		// Each book goes from a phone that recorded it to an empty phone and must arrive whole.
		// Sizes are small on purpose: fake IndexedDB costs about 20 ms of CPU per round trip.
		for (const [index, options] of books.entries()) {
			await Promise.all([resetDatabase(source), resetDatabase(target)]);
			const book = generateBook(options);
			const applied = await applyRemote(book.ops, { db: source, status: 'pending' });
			expect(applied).toMatchObject({ ok: true, refused: [] });
			const file = await exportBackup({ db: source });
			if ('error' in file) throw new Error(file.error);
			const result = await importBackup(file.json, { db: target });
			expect(result).toEqual({ ok: true, added: book.ops.length, alreadyStored: 0 });
			const [expected, actual] = await Promise.all([
				snapshotProjections(source),
				snapshotProjections(target)
			]);
			expect(actual).toEqual(expected);
			// The log, sync status included, is compared in full for one book in ten.
			if (index % 10 === 0) expect(await snapshotLog(target)).toEqual(await snapshotLog(source));
		}
	}, 180_000);

	it('changes nothing when the same file is imported twice', async () => {
		const file = await exported(generateBook({ seed: 1, members: 3, days: 5 }).ops);
		await importBackup(file.json, { db: target });
		const once = await snapshotProjections(target);
		const again = await importBackup(file.json, { db: target });
		expect(again).toEqual({ ok: true, added: 0, alreadyStored: file.associationOps });
		expect(await snapshotProjections(target)).toEqual(once);
	});

	it('merges by op id with what the phone already holds', async () => {
		const book = generateBook({ seed: 2, members: 2, days: 4 });
		const file = await exported(book.ops);
		const half = Math.floor(book.ops.length / 2);
		await applyRemote(book.ops.slice(0, half), { db: target, status: 'pending' });
		const result = await importBackup(file.json, { db: target });
		expect(result).toEqual({ ok: true, added: book.ops.length - half, alreadyStored: half });
		expect(await snapshotProjections(target)).toEqual(await snapshotProjections(source));
	});

	it('refuses a file of another association', async () => {
		const file = await exported(generateBook({ seed: 3, members: 1, days: 1 }).ops);
		await applyRemote(generateBook({ seed: 4, members: 1, days: 1 }).ops, { db: target });
		const before = await snapshotLog(target);
		expect(await importBackup(file.json, { db: target })).toEqual({
			ok: false,
			code: 'backup_must_be_of_this_association'
		});
		expect(await snapshotLog(target)).toEqual(before);
	});

	it('refuses damaged files and writes nothing', async () => {
		const file = await exported(generateBook({ seed: 5, members: 2, days: 2 }).ops);
		const data = JSON.parse(file.json);
		const tampered = structuredClone(data);
		tampered.books.association.ops[3].payload.liters = '-5';
		tampered.books.association.ops[3].type = 'delivery.recorded';
		const shortened = structuredClone(data);
		shortened.books.association.ops.pop();
		const cases: [string, string][] = [
			[file.json.slice(0, file.json.length / 2), 'backup_must_be_json'],
			[JSON.stringify({ hello: 'world' }), 'backup_must_be_an_ayni_backup'],
			[JSON.stringify({ ...data, version: 99 }), 'backup_version_must_be_known'],
			[
				JSON.stringify({ ...data, books: { association: data.books.association } }),
				'backup_must_be_complete'
			],
			[JSON.stringify(shortened), 'backup_must_be_complete'],
			[JSON.stringify(tampered), 'backup_ops_must_be_valid']
		];
		for (const [text, code] of cases) {
			const result = await importBackup(text, { db: target });
			expect(result).toMatchObject({ ok: false, code });
		}
		expect(await target.ops.count()).toBe(0);
		expect(await target.meta.get('associationId')).toBeUndefined();
		expect(await snapshotProjections(target)).toEqual(
			Object.fromEntries(Object.keys(await snapshotProjections(target)).map((name) => [name, []]))
		);
	});

	it('has nothing to export on a phone with no data', async () => {
		expect(await exportBackup({ db: source })).toEqual({ error: 'nothing_to_export' });
	});
});
