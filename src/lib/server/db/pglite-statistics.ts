// PGlite has no autovacuum, so the planner's statistics are only what ANALYZE leaves behind.
// Without them it guesses a few hundred rows in `ops` and answers a pull page by sorting the whole
// log: 0.5 s and 145 MB of temporary files per page for 358,000 ops, against 5 ms through the
// (association_id, seq) key once analyzed. This runs ANALYZE when the log has grown by a tenth
// since the last one (autovacuum's own rule), checked at start and every half minute.
import type { PGlite } from '@electric-sql/pglite';

export interface StatisticsKeeper {
	/** Analyzes if the log grew enough since the last time; says whether it did. */
	check: () => Promise<boolean>;
	stop: () => void;
}

export function keepStatistics(
	client: Pick<PGlite, 'query' | 'exec'>,
	{ everyMs = 30_000 }: { everyMs?: number } = {}
): StatisticsKeeper {
	let running: Promise<boolean> | undefined;
	const check = () => {
		running ??= analyzeIfStale(client).finally(() => (running = undefined));
		return running;
	};
	const timer = setInterval(() => {
		check().catch((error: unknown) => console.error('ANALYZE:', error));
	}, everyMs);
	// The timer alone must not keep the process alive.
	timer.unref?.();
	return { check, stop: () => clearInterval(timer) };
}

async function analyzeIfStale(client: Pick<PGlite, 'query' | 'exec'>): Promise<boolean> {
	const { rows } = await client.query<{ ops: string | number; analyzed: number }>(
		`select (select coalesce(sum(ops_last_seq), 0) from associations) as ops,
			(select reltuples from pg_class where relname = 'ops' and relkind = 'r') as analyzed`
	);
	const ops = Number(rows[0]?.ops ?? 0);
	// reltuples is -1 until the first ANALYZE.
	const analyzed = Math.max(0, Number(rows[0]?.analyzed ?? 0));
	if (ops <= analyzed * 1.1 + 1000) return false;
	await client.exec('analyze');
	return true;
}
