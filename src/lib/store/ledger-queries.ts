// Read-only queries behind Cuentas: the association book's ops that move money, as the domain's
// ledger reads them. Read per op type over the [type+date] index, never the whole log, with a new
// phone's packed statements, payments, advances and charges (history-packs.ts).
import { Dexie } from 'dexie';
import { postingTypes, voidTypes, type DomainOp } from '$lib/domain';
import { groupBy } from './group-by';
import { packedLedgerOps } from './history-packs';
import type { AyniDatabase, StoredOp } from './schema';

/**
 * Every op up to `to` (inclusive) that posts or voids a journal entry: the cash box's balance at a
 * month's end needs the whole history before it. Ops the server refused are left out (they are not
 * in the book); the producer's private book never enters the association's ledger.
 */
export async function moneyOpsUpTo(
	db: Pick<AyniDatabase, 'ops' | 'ledgerPacks'>,
	{ to }: { to: string }
): Promise<DomainOp[]> {
	const types = [...postingTypes, ...voidTypes];
	const [packed, logged] = await Promise.all([
		packedLedgerOps(db, { to }),
		Promise.all(
			types.map((type) =>
				db.ops.where('[type+date]').between([type, Dexie.minKey], [type, to], true, true).toArray()
			)
		)
	]);
	// In the index's order, as a phone that stored them one by one reads them.
	const packedByType = groupBy(packed, (op) => op.type);
	const batches = types.map((type, index) => {
		const batch = logged[index] ?? [];
		const more = packedByType.get(type);
		return more ? [...batch, ...more].sort(byDateThenId) : batch;
	});
	const ops: DomainOp[] = [];
	for (const batch of batches) {
		for (const op of batch) {
			if (op.scope !== 'association' || op.status === 'rejected') continue;
			ops.push({
				id: op.id,
				type: op.type,
				date: op.date,
				hlc: op.hlc,
				payload: op.payload
			} as DomainOp);
		}
	}
	return ops;
}

function byDateThenId(a: StoredOp, b: StoredOp): number {
	if (a.date !== b.date) return a.date < b.date ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
