// Storing a page of a new phone's first pull: its history, and its recent part's days before
// today (docs/sync.md, "A new phone"). Its deliveries, and its socios' statements, payments,
// advances and charges, go into packs (history-packs.ts), a record per month and group of socios
// instead of one or two per op; the latter's rows are written as usual. Every other op is applied
// as any pulled op is. The packs, their rows and the history's place (`inTransaction`) commit
// together, so a cut round never stores a page twice; storing it twice would write the same keys
// anyway (the recent part's place is written after its page, as for any pull).
import { yieldToMain } from './yield-to-main';
import {
	addStoredCounts,
	applyBatchOps,
	emptyCounts,
	applyStoredOps,
	bookFor,
	receiveAll,
	validateRemote,
	type ApplyRemoteResult
} from './apply-remote';
import { sameOpBody } from './append-ops';
import { groupBy } from './group-by';
import { metaKeys } from './meta';
import { ledgerPackedTypes, packTableOf, packsOf, storedIdsAmong } from './history-packs';
import { projectionTablesOf, projectOps } from './projections/project-ops';
import type { OpType } from '$lib/ops/catalog';
import type { AyniDatabase, StoredOp } from './schema';
import { errorMessage, isStorageFull } from './storage-errors';

/** The tables the packed ledger ops' rows are written to, with their packs. */
const ledgerRowTables = projectionTablesOf([...ledgerPackedTypes] as OpType[]);

export interface ApplyHistoryOptions {
	db: AyniDatabase;
	now?: () => number;
	/** Awaited before each step: background work lets foreground reads go first. */
	beforeBatch?: () => Promise<void>;
	/** Runs inside the transaction that stores the packs (it may write `meta`). */
	inTransaction?: () => Promise<void>;
	/** The seq the page was asked after: ops up to it were stored with earlier pages. */
	after?: number;
	/** Ops dated on or after this day are applied as usual (the recent part's today). */
	packBefore?: string;
}

/**
 * Validates a history page and stores it. Nothing is stored when an op is refused: the page is
 * asked for again once that is fixed, as for any pulled page.
 */
export async function applyHistoryPage(
	input: readonly unknown[],
	{ db, now = Date.now, beforeBatch, inTransaction, after = 0, packBefore }: ApplyHistoryOptions
): Promise<ApplyRemoteResult> {
	const counts = emptyCounts();
	const valid: StoredOp[] = [];
	/** Input position of each valid op, to report refusals by position in what was given. */
	const positions: number[] = [];
	for (let start = 0; start < input.length; start += applyBatchOps) {
		if (start > 0) await yieldToMain();
		await beforeBatch?.();
		const chunk = validateRemote(input, {
			start,
			end: start + applyBatchOps,
			status: 'synced',
			nowMs: now(),
			refused: counts.refused
		});
		valid.push(...chunk.valid);
		positions.push(...chunk.inputIndexes);
	}
	if (counts.refused.length > 0) return { ok: true, ...counts };
	const book = await bookFor(db, valid);
	// Stored with an earlier page, whose place in the history moved with it.
	const earlier = (op: StoredOp) => op.seq !== undefined && op.seq <= after;
	const packable = valid.map(
		(op) =>
			packTableOf(op.type) !== undefined &&
			op.associationId === book &&
			(packBefore === undefined || op.date < packBefore)
	);
	// Ops the log holds already (a backup restored meanwhile) are applied as usual: compared by body.
	const stored = await storedIdsAmong(
		db,
		valid.filter((op, index) => packable[index] && !earlier(op)).map((op) => op.id)
	);
	const packed = new Map<string, StoredOp>();
	const rest: StoredOp[] = [];
	const restPositions: number[] = [];
	valid.forEach((op, index) => {
		if (packable[index] && earlier(op)) counts.alreadyStored += 1;
		else if (!packable[index] || stored.has(op.id)) {
			rest.push(op);
			restPositions.push(positions[index] ?? index);
		} else if (packed.has(op.id)) counts.alreadyStored += 1;
		else packed.set(op.id, op);
	});
	if (rest.length > 0) {
		await beforeBatch?.();
		const result = await applyStoredOps(db, rest, { now });
		addStoredCounts(counts, result, restPositions);
		if (result.error) return { ok: false, ...result.error, ...counts };
		if (counts.refused.length > 0) return { ok: true, ...counts };
	}
	await beforeBatch?.();
	/** Ops that reached the log meanwhile (a backup, another tab): stored there, not packed. */
	const logged = { same: 0, differentBody: [] as string[] };
	try {
		await db.transaction(
			'rw',
			['meta', 'ops', 'deliveryPacks', 'ledgerPacks', ...ledgerRowTables],
			async () => {
				// Asked again inside the transaction: the log cannot change until the packs are written.
				const late = [...(await storedIdsAmong(db, [...packed.keys()]))];
				const lateOps = await db.ops.bulkGet(late);
				late.forEach((id, index) => {
					const incoming = packed.get(id);
					const storedOp = lateOps[index];
					if (incoming && storedOp && !sameOpBody(incoming, storedOp))
						logged.differentBody.push(id);
					else logged.same += 1;
					packed.delete(id);
				});
				const hlcRow = await db.meta.get(metaKeys.hlc);
				const ops = [...packed.values()];
				const byTable = groupBy(ops, (op) => packTableOf(op.type));
				const deliveries = byTable.get('deliveryPacks') ?? [];
				const ledger = byTable.get('ledgerPacks') ?? [];
				await Promise.all([
					db.deliveryPacks.bulkPut(packsOf(deliveries)),
					ledger.length > 0 ? db.ledgerPacks.bulkPut(packsOf(ledger)) : undefined,
					ledger.length > 0 ? projectOps(db, ledger) : undefined
				]);
				await db.meta.put({ key: metaKeys.hlc, value: receiveAll(hlcRow?.value, ops, now()) });
				await inTransaction?.();
			}
		);
	} catch (error) {
		const code = isStorageFull(error) ? 'storage_full' : 'write_failed';
		return { ok: false, code, message: errorMessage(error), ...counts };
	}
	counts.applied += packed.size;
	counts.alreadyStored += logged.same;
	counts.differentBody.push(...logged.differentBody);
	return { ok: true, ...counts };
}
