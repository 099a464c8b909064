// Ops the server refused. They stay in the log (never dropped silently) and out of the
// projections (sync-queue.ts) until the person decides: record the same fact again in an open
// month, or let it go after a confirmation. The decision is kept in `meta`, not on the op, so the
// op itself stays exactly as the server saw it.
import { todayInLima } from '$lib/ops/business-date';
import type { OpType } from '$lib/ops/catalog';
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { db as defaultDb } from './db';
import { writeMeta } from './meta';
import { readResolutions, resolutionsKey } from './sync-counts';
import { recordMany, type RecordFailure } from './record';
import { projectionTableNames, type AyniDatabase, type StoredOp } from './schema';

/**
 * The person confirmed that a refused op is to be let go. The op stays in the log (and in
 * backups) marked as seen; nothing else changes. Idempotent.
 */
export async function discardRejectedOp({
	id,
	db = defaultDb,
	now = Date.now
}: {
	id: string;
	db?: AyniDatabase;
	now?: () => number;
}): Promise<void> {
	await db.transaction('rw', db.meta, async () => {
		const resolutions = await readResolutions(db);
		if (resolutions[id]) return;
		await writeMeta(db, resolutionsKey, { ...resolutions, [id]: { kind: 'discarded', at: now() } });
	});
}

export type RerecordResult =
	{ ok: true; op: StoredOp } | RecordFailure | { ok: false; code: 'op_must_be_rejected' };

/**
 * Records a refused op's fact again, dated today (an open month), with the same payload, as a new
 * pending op; and marks the refused one as re-recorded, in the same transaction. Tapping twice
 * changes nothing the second time: the first decision is found and returned.
 */
export async function rerecordRejectedOp({
	id,
	db = defaultDb,
	now = Date.now
}: {
	id: string;
	db?: AyniDatabase;
	now?: () => number;
}): Promise<RerecordResult> {
	return db.transaction('rw', ['meta', 'ops', ...projectionTableNames], async () => {
		const [op, resolutions] = await Promise.all([db.ops.get(id), readResolutions(db)]);
		if (!op || op.status !== 'rejected') return { ok: false, code: 'op_must_be_rejected' } as const;
		const prior = resolutions[id];
		if (prior?.kind === 'rerecorded') {
			const again = await db.ops.get(prior.opId);
			if (again) return { ok: true, op: again } as const;
		}
		const result = await recordMany(
			[
				{ id: makeUuidV7(), type: op.type as OpType, date: todayInLima(now()), payload: op.payload }
			],
			{ db, now }
		);
		if (!result.ok) return result;
		const made = result.ops[0] as StoredOp;
		await writeMeta(db, resolutionsKey, {
			...resolutions,
			[id]: { kind: 'rerecorded', opId: made.id, at: now() }
		});
		return { ok: true, op: made } as const;
	});
}
