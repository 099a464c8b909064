// Reading the store reactively. `observe(query)` re-runs the query whenever a table it read
// changes (in this tab or another) and is a Svelte store by contract (it has `subscribe`), so a
// component writes `const members = observe(() => listMembers())` and reads `$members`, which is
// undefined until the first result arrives.
import { Dexie, liveQuery, type ObservabilitySet, type Observable } from 'dexie';
import { db as defaultDb } from './db';

export type LiveQuery<T> = Observable<T>;

/** The query must read only through Dexie (no fetch or timers inside it) to be tracked. */
export function observe<T>(query: () => Promise<T>): LiveQuery<T> {
	return liveQuery(query);
}

export interface PacedOptions {
	/** The query re-runs after a write to any of these tables (in this tab or another). */
	tables: readonly string[];
	/** A run waits until no write came for this long... */
	quietMs?: number;
	/** ...or until the oldest unseen write is this old, in a long burst. */
	maxWaitMs?: number;
	/** Least time between the starts of two runs. */
	minIntervalMs?: number;
	db?: Dexie;
}

export interface PacedQuery<T> {
	subscribe(next: (value: T) => void): () => void;
}

/**
 * Like `observe`, for a query whose cost grows with a large table, such as counting pending ops
 * for the header. Re-running it after every commit made a 720,000-op load several times slower
 * (a batch commits every few milliseconds) and slowed each save on the collection sheet (the
 * count queued ahead of the sheet's own read). So it runs once writes pause for `quietMs`, or at
 * the latest `maxWaitMs` into a long burst; never sooner than `minIntervalMs`, nor than four times
 * its own last duration, after its previous start, so that it takes at most about a fifth of a
 * long burst. The last change is always followed by a run. Runs never overlap.
 */
export function observePaced<T>(
	query: () => Promise<T>,
	{ tables, quietMs = 250, maxWaitMs = 2_000, minIntervalMs = 1_000, db = defaultDb }: PacedOptions
): PacedQuery<T> {
	return {
		subscribe(next) {
			const prefixes = tables.map((table) => `idb://${db.name}/${table}/`);
			let stopped = false;
			let running = false;
			/** When the oldest change not yet seen by a run happened. */
			let unseenSince: number | undefined;
			let lastStart = -Infinity;
			let lastDuration = 0;
			let timer: ReturnType<typeof setTimeout> | undefined;

			const run = async () => {
				timer = undefined;
				running = true;
				unseenSince = undefined;
				lastStart = performance.now();
				try {
					const value = await query();
					if (!stopped) next(value);
				} catch {
					// A failed read leaves the last value shown and is tried again after the interval.
					unseenSince ??= performance.now();
				} finally {
					lastDuration = performance.now() - lastStart;
					running = false;
					if (unseenSince !== undefined && !stopped) schedule();
				}
			};
			const schedule = () => {
				const now = performance.now();
				unseenSince ??= now;
				if (running) return;
				if (timer !== undefined) clearTimeout(timer);
				const settled = Math.min(now + quietMs, unseenSince + maxWaitMs);
				// A run queued behind a bulk load's writes looks slow; its length must not hold the
				// run after the load back for long.
				const gap = Math.max(minIntervalMs, Math.min(4 * lastDuration, 5_000));
				const due = Math.max(settled, lastStart + gap);
				timer = setTimeout(() => void run(), Math.max(0, due - now));
			};
			const onMutated = (parts: ObservabilitySet) => {
				// `all`: Dexie cannot say what changed (a page restored from the back-forward cache).
				const keys = Object.keys(parts);
				if (
					keys.some((part) => part === 'all' || prefixes.some((prefix) => part.startsWith(prefix)))
				) {
					schedule();
				}
			};
			Dexie.on('storagemutated', onMutated);
			void run();
			return () => {
				stopped = true;
				if (timer !== undefined) clearTimeout(timer);
				Dexie.on('storagemutated').unsubscribe(onMutated);
			};
		}
	};
}
