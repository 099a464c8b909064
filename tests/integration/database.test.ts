// The server's database layer on PGlite and on PostgreSQL: it opens, migrates, answers the health
// check, and a second start on the same data finds everything where it was.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { associations } from '../../src/lib/server/db/schema';
import { openDatabase } from '../../src/lib/server/db/database';
import { DataDirInUseError } from '../../src/lib/server/db/data-dir-lock';
import { callApi, testServices } from './support/api-client';
import { describeOnDatabases, type TestDatabase } from './support/test-databases';

await describeOnDatabases('database layer', (target) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await target.open();
	});
	afterAll(() => database?.destroy());

	it('answers GET /api/health with its kind', async () => {
		const response = await callApi(testServices(database), 'GET', '/api/health', { origin: null });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ ok: true, db: target.kind });
	});

	// Last but one: on PGlite it closes the first handle, as a stopped server would.
	it('starts a second time on the same data, migrations already applied', async () => {
		const id = crypto.randomUUID();
		await database.db
			.insert(associations)
			.values({ id, name: 'Leche Mito', createdAt: new Date() });
		if (target.kind === 'pglite') await database.close();
		const second = await database.reopen();
		try {
			const [row] = await second.db.select().from(associations).where(eq(associations.id, id));
			expect(row?.name).toBe('Leche Mito');
		} finally {
			await second.close();
		}
	});

	if (target.kind === 'pglite') {
		it('refuses a PGlite folder that another live process holds', async () => {
			writeFileSync(join(database.location, 'ayni.lock'), String(process.ppid));
			await expect(openDatabase({ dataDir: database.location })).rejects.toBeInstanceOf(
				DataDirInUseError
			);
			writeFileSync(join(database.location, 'ayni.lock'), String(process.pid));
		});
	}
});
