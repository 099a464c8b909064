// Ops the server refused. They stay in the log (never dropped silently) and out of the
// projections (sync-queue.ts) until the person decides: record the same fact again in an open
// month, or let it go after a confirmation. The decision is kept in `meta`, not on the op, so the
// op itself stays exactly as the server saw it.
import { todayInLima } from '$lib/ops/business-date';
import type { OpType } from '$lib/ops/catalog';
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { db as defaultDb } from './db';
import { writeMeta } from './meta';
import { catalogProjections, entityOf } from './projections/catalog-projections';
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

/**
 * Whether a second copy of an op of this type counts its fact again: the types projected as a row
 * a void can take out (deliveries, advances, charges, statements, payments, sales, expenses).
 */
function countsInTotals(type: string): boolean {
	return catalogProjections[type as OpType]?.kind === 'voidableRow';
}

export interface CountedTwice {
	/** The op the server refused, then took after all (another phone sent it). */
	original: StoredOp;
	/** Its copy, re-recorded here in an open month: the book now holds the fact twice. */
	copy: StoredOp;
}

/**
 * Facts the book now counts twice: a refused op was re-recorded, and later the server sent the
 * original back (its month reopened, another phone had it). Nothing is undone silently: the
 * person sees each pair until the copy or the original is voided. A copy refused in turn and
 * re-recorded again is followed to the last one.
 */
export async function countedTwice({ db = defaultDb }: { db?: AyniDatabase } = {}): Promise<
	CountedTwice[]
> {
	const resolutions = await readResolutions(db);
	const copyOf = (id: string) => {
		const resolution = resolutions[id];
		return resolution?.kind === 'rerecorded' ? resolution.opId : undefined;
	};
	const originals = (
		await db.ops.bulkGet(Object.keys(resolutions).filter((id) => copyOf(id)))
	).filter((op): op is StoredOp => op?.status === 'synced' && countsInTotals(op.type));
	const pairs: CountedTwice[] = [];
	for (const original of originals) {
		let copy = await db.ops.get(copyOf(original.id) as string);
		while (copy?.status === 'rejected' && copyOf(copy.id)) {
			copy = await db.ops.get(copyOf(copy.id) as string);
		}
		if (copy && copy.status !== 'rejected') pairs.push({ original, copy });
	}
	if (pairs.length === 0) return [];
	const ids = pairs.flatMap(({ original, copy }) => [original.id, copy.id]);
	const voided = new Set(
		(await db.voids.where('targetId').anyOf(ids).toArray()).map((row) => row.targetId)
	);
	return pairs.filter(({ original, copy }) => !voided.has(original.id) && !voided.has(copy.id));
}

/**
 * Voids the re-recorded copy of a fact the book holds twice, with the reason the person sees: the
 * void of its entity (`sale.voided` for a sale or a collection), which names a delivery by
 * `deliveryId` and anything else by `targetId`.
 */
export async function voidCopy({
	copy,
	reason,
	db = defaultDb,
	now = Date.now
}: {
	copy: StoredOp;
	reason: string;
	db?: AyniDatabase;
	now?: () => number;
}): Promise<{ ok: true } | RecordFailure> {
	const entity = entityOf(copy.type);
	const target = entity === 'delivery' ? 'deliveryId' : 'targetId';
	const result = await recordMany(
		[
			{
				type: `${entity}.voided` as OpType,
				date: todayInLima(now()),
				payload: { [target]: copy.id, reason }
			}
		],
		{ db, now }
	);
	return result.ok ? { ok: true } : result;
}
