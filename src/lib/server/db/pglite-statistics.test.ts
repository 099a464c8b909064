import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { keepStatistics } from './pglite-statistics';

const client = await PGlite.create();
afterAll(() => client.close());

async function analyzedRows(): Promise<number> {
	const { rows } = await client.query<{ reltuples: number }>(
		"select reltuples from pg_class where relname = 'ops'"
	);
	return Number(rows[0]?.reltuples);
}

async function pagePlan(): Promise<string> {
	const { rows } = await client.query<{ 'QUERY PLAN': string }>(
		'explain select * from ops where association_id = 1 and seq > 0 order by seq limit 100'
	);
	return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('PGlite statistics', () => {
	it('are gathered once the log has grown; a pull page then walks the key, not a sort', async () => {
		await client.exec(`
			create table associations (id int primary key, ops_last_seq bigint not null);
			create table ops (association_id int, seq bigint, date date, payload text,
				primary key (association_id, seq));
			create index ops_date on ops (association_id, date, seq);
			insert into associations values (1, 0);`);
		const keeper = keepStatistics(client, { everyMs: 60_000 });
		try {
			expect(await keeper.check()).toBe(false);
			await client.exec(`
				insert into ops select 1, g, date '2025-01-01' + (g / 1000), repeat('x', 200)
					from generate_series(1, 50000) g;
				update associations set ops_last_seq = 50000;`);
			expect(await analyzedRows()).toBeLessThan(0);
			expect(await keeper.check()).toBe(true);
			expect(await analyzedRows()).toBe(50_000);
			expect(await pagePlan()).not.toContain('Sort');
			// Analyzed already: nothing to do until the log grows by another tenth.
			expect(await keeper.check()).toBe(false);
		} finally {
			keeper.stop();
		}
	});
});
