// Reading the store reactively. `observe(query)` re-runs the query whenever a table it read
// changes (in this tab or another) and is a Svelte store by contract (it has `subscribe`), so a
// component writes `const members = observe(() => listMembers())` and reads `$members`, which is
// undefined until the first result arrives.
import { liveQuery, type Observable } from 'dexie';

export type LiveQuery<T> = Observable<T>;

/** The query must read only through Dexie (no fetch or timers inside it) to be tracked. */
export function observe<T>(query: () => Promise<T>): LiveQuery<T> {
	return liveQuery(query);
}
