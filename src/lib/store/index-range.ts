// Reading one index range as cheaply as IndexedDB allows. Dexie's query layer costs a fixed
// millisecond or two per call on a cheap phone (promises, zones, middleware), which is most of the
// time of a small read such as one member's month. Outside a live query, this reads the range with
// the bare `getAll` on the connection Dexie holds; inside a live query it goes through Dexie, so
// that the query is tracked and re-runs when the range changes.
import { Dexie, type Table } from 'dexie';

/** The lowest and highest of these keys (at least one): one range read covers them all. */
export function keyBounds(keys: readonly string[]): [string, string] {
	let lowest = keys[0] as string;
	let highest = lowest;
	for (const key of keys) {
		if (key < lowest) lowest = key;
		if (key > highest) highest = key;
	}
	return [lowest, highest];
}

/** Dexie marks the zone a live query runs in; a read there must go through Dexie to be tracked. */
function inLiveQuery(): boolean {
	const zone = (Dexie.Promise as unknown as { PSD?: { subscr?: unknown } }).PSD;
	return Boolean(zone?.subscr);
}

/** Rows whose `indexName` key lies in [lower, upper], both included, in index order. */
export async function readIndexRange<Row, Insert>(
	table: Table<Row, string, Insert>,
	indexName: string,
	lower: readonly unknown[],
	upper: readonly unknown[]
): Promise<Row[]> {
	const database = table.db;
	if (inLiveQuery() || Dexie.currentTransaction || !database.isOpen()) {
		return table
			.where(indexName)
			.between([...lower], [...upper], true, true)
			.toArray();
	}
	try {
		const index = database
			.backendDB()
			.transaction(table.name, 'readonly')
			.objectStore(table.name)
			.index(indexName);
		return await new Promise<Row[]>((resolve, reject) => {
			const request = index.getAll(IDBKeyRange.bound(lower, upper));
			request.onsuccess = () => resolve(request.result as Row[]);
			request.onerror = () => reject(request.error);
		});
	} catch {
		// The connection was closed under us (an upgrade in another tab): Dexie reopens it.
		return table
			.where(indexName)
			.between([...lower], [...upper], true, true)
			.toArray();
	}
}
