// Loads the sample Mantaro-valley association into an empty book, for trying Ayni out. The ops
// come from the same seeded generator the tests and benchmarks use, made for this book's
// association id and settlement cycle and ending today, and are applied through the store's batch
// API (5000 ops per call) while the page stays responsive. Safe to retry: the ids are the same
// for the same sizes, day and settlement cycle, so ops already stored are skipped.
// Its deliveries end yesterday, so today's collection sheet is empty and ready to try.
// Its ops are stored as `local`: made-up accounts never go to the association's server, even if
// the phone is connected later, and never count as waiting to be sent.
import { todayInLima } from '$lib/ops/business-date';
import { applyStoredOps } from '$lib/store/apply-remote';
import { loadAssociation } from '$lib/store/association-read';
import { db } from '$lib/store/db';
import type { StoredOp } from '$lib/store/schema';

export const sampleSeed = 2024;
const chunkOps = 5000;

export type SampleResult = { ok: true; members: number } | { ok: false };

function yesterday(date: string): string {
	const at = new Date(`${date}T12:00:00Z`);
	at.setUTCDate(at.getUTCDate() - 1);
	return at.toISOString().slice(0, 10);
}

export async function loadSampleData({
	members,
	months,
	onProgress
}: {
	members: number;
	months: number;
	onProgress?: (done: number, total: number) => void;
}): Promise<SampleResult> {
	const book = await loadAssociation();
	if (book.status !== 'ok') return { ok: false };
	const { associationId, settlementCycle } = book.association;
	// Loaded on demand: the generator never weighs on the app's first load.
	const { mantaroAssociationOps } = await import('../../../../tests/fixtures/mantaro-association');
	// Roughly: two shifts a day minus morning-only producers and days off, plus other ops, plus
	// each period's statements and payments.
	const periodsPerMonth = settlementCycle === 'quincenal' ? 2 : 1;
	const estimated = Math.round(members * months * (30.4 * 1.85 + periodsPerMonth * 1.9)) + members;
	let done = 0;
	let batch: StoredOp[] = [];
	const flush = async () => {
		// The generator's ops pass the catalog (its unit test checks every type), so they go
		// straight to the batch API; applyRemote would validate 700,000 ops one by one again.
		const result = await applyStoredOps(db, batch);
		if (result.error) throw new Error(result.error.message);
		done += batch.length;
		batch = [];
		onProgress?.(done, Math.max(done, estimated));
		await new Promise((resolve) => setTimeout(resolve, 0));
	};
	try {
		for (const op of mantaroAssociationOps({
			seed: sampleSeed,
			members,
			months,
			// Up to yesterday: today's sheet is left empty for the person trying the app.
			endDate: yesterday(todayInLima()),
			associationId,
			cycle: settlementCycle
		})) {
			batch.push({ ...op, status: 'local' } as StoredOp);
			if (batch.length >= chunkOps) await flush();
		}
		if (batch.length > 0) await flush();
		return { ok: true, members };
	} catch {
		return { ok: false };
	}
}
