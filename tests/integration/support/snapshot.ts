// "The database is unchanged": every row of every table is re-read, by the database itself, into
// one digest per table (row count and MD5 of the rows' text in key order). Two equal snapshots
// mean no row was added, removed or changed.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../src/lib/server/db/database';

const tables: Record<string, string> = {
	associations: 'id',
	users: 'id',
	memberships: 'association_id, user_id',
	sessions: 'id',
	invitations: 'association_id, id',
	audit_log: 'association_id, seq',
	audit_heads: 'association_id',
	ops: 'association_id, seq'
};

export async function snapshotDatabase(db: Db): Promise<Record<string, string>> {
	const parts = Object.entries(tables).map(
		([table, order]) =>
			`select '${table}' as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by ${order
				.split(', ')
				.map((column) => `t.${column}`)
				.join(', ')})), '') as digest from "${table}" t`
	);
	const result = await db.execute(sql.raw(parts.join(' union all ')));
	const rows = (result as unknown as { rows: { name: string; digest: string }[] }).rows;
	return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}
