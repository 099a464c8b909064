// Read-only queries behind Cuentas: the association book's ops that move money, as the domain's
// ledger reads them. Read per op type over the [type+date] index, never the whole log.
import { Dexie } from 'dexie';
import { postingTypes, voidTypes, type DomainOp } from '$lib/domain';
import type { AyniDatabase } from './schema';

/**
 * Every op up to `to` (inclusive) that posts or voids a journal entry: the cash box's balance at a
 * month's end needs the whole history before it. Ops the server refused are left out (they are not
 * in the book); the producer's private book never enters the association's ledger.
 */
export async function moneyOpsUpTo(
	db: Pick<AyniDatabase, 'ops'>,
	{ to }: { to: string }
): Promise<DomainOp[]> {
	const types = [...postingTypes, ...voidTypes];
	const batches = await Promise.all(
		types.map((type) =>
			db.ops.where('[type+date]').between([type, Dexie.minKey], [type, to], true, true).toArray()
		)
	);
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
