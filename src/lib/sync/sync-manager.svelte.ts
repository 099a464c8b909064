// The app's sync state, for the header chip and the Sincronización page: what is waiting, what was
// refused, when the last good round ended, and whether a round is running. State is private and
// changes only here, from the store's live counts and the engine's outcomes, so the chip never
// says "sincronizado" before the server has answered.
import { untrack } from 'svelte';
import { observePaced } from '$lib/store/live';
import { isStorageFull } from '$lib/store/storage-errors';
import { pendingByActor, rejectedOpsToResolve, type PendingByActor } from '$lib/store/sync-counts';
import { historyArriving, setRecordingActor, type HistoryArriving } from '$lib/store/sync-meta';
import { sessionManager } from './session-manager.svelte';
import type { SyncOutcome, SyncProgress } from './sync-engine';
import { SyncScheduler, type RoundResult } from './sync-scheduler';
import { httpSyncTransport, type SyncTransport } from './sync-transport';

export type SyncPhase =
	/** No account on this phone: the book is only here. */
	| 'no-server'
	| 'idle'
	| 'syncing'
	| 'offline'
	| 'error'
	/** This phone holds another association's book. */
	| 'book-mismatch';

const lastSyncKey = 'ayni:last-sync';
/** The association whose book this phone has synced with its server at least once. */
const connectedBookKey = 'ayni:connected-book';
/** A phone that synced before the book's id was remembered: its book counts as synced. */
const someBook = '*';

const noPending: PendingByActor = { mine: 0, unowned: 0, others: 0 };

export class SyncManager {
	#phase = $state<SyncPhase>('no-server');
	#online = $state(true);
	#pending = $state<PendingByActor>(noPending);
	#rejected = $state(0);
	#history = $state<HistoryArriving | undefined>(undefined);
	#lastSyncedAt = $state<number | undefined>(undefined);
	#progress = $state<SyncProgress | undefined>(undefined);
	#lastOutcome = $state<SyncOutcome | undefined>(undefined);
	#connectedBook = $state<string | undefined>(readConnectedBook());
	/** Goes up when pulled ops changed the book, so the shell can reload what it shows. */
	#bookChanges = $state(0);
	#started = false;
	#inflight: Promise<void> | undefined;
	#stopCounts: (() => void) | undefined;
	/** Who and which association the last session change was about. */
	#sessionKey: string | undefined;
	readonly #transport: SyncTransport;
	readonly #scheduler: SyncScheduler;

	constructor(transport: SyncTransport = httpSyncTransport()) {
		this.#transport = transport;
		this.#scheduler = new SyncScheduler({ runRound: () => this.#round() });
	}

	get phase(): SyncPhase {
		return this.#phase;
	}
	get online(): boolean {
		return this.#online;
	}
	get pending(): PendingByActor {
		return this.#pending;
	}
	get rejected(): number {
		return this.#rejected;
	}
	/** While a new phone's first pull is not whole: from which date, and whether it is usable. */
	get history(): HistoryArriving | undefined {
		return this.#history;
	}
	get lastSyncedAt(): number | undefined {
		return this.#lastSyncedAt;
	}
	get progress(): SyncProgress | undefined {
		return this.#progress;
	}
	get lastOutcome(): SyncOutcome | undefined {
		return this.#lastOutcome;
	}
	get bookChanges(): number {
		return this.#bookChanges;
	}
	/** Whether this book (by its association id) has synced with its server on this phone. */
	hasSynced(associationId: string): boolean {
		return this.#connectedBook === associationId || this.#connectedBook === someBook;
	}
	/** Whether any book has synced on this phone (before the book itself is read). */
	get hasSyncedAny(): boolean {
		return this.#connectedBook !== undefined;
	}

	/** Called once by the app shell in the browser. */
	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.#online = navigator.onLine;
		this.#lastSyncedAt = readLastSync();
		window.addEventListener('online', () => {
			this.#online = true;
			this.#scheduler.now();
		});
		window.addEventListener('offline', () => (this.#online = false));
		window.addEventListener('storage', (event) => {
			// Another tab's first good round: a log-out there must close this tab's book too.
			if (event.key === connectedBookKey || event.key === null) {
				this.#connectedBook = readConnectedBook();
			}
		});
		sessionManager.followOtherTabs();
		$effect.root(() => {
			$effect(() => {
				// Re-run when the person, the association in use or their role there changes.
				const key = liveSessionKey();
				const userId = sessionManager.account?.userId;
				const associationId = sessionManager.activeMembership?.associationId;
				const status = sessionManager.status;
				untrack(() => this.#sessionChanged({ key, status, userId, associationId }));
			});
		});
		this.#scheduler.start();
	}

	/** The person tapped "Sincronizar ahora", or a page (log-in, join) needs the book now. */
	syncNow(): void {
		this.#scheduler.now();
	}

	#sessionChanged({
		key,
		status,
		userId,
		associationId
	}: {
		key: string;
		status: string;
		userId: string | undefined;
		associationId: string | undefined;
	}): void {
		if (status === 'signed-out') {
			// Ops recorded from now on belong to nobody until someone logs in (record.ts).
			setRecordingActor({ userId: undefined }).catch(reportActorFailure);
			this.#phase = 'no-server';
		}
		// A session refreshed with the same person, association and role (after every 403, say) is
		// no reason for a round: rounds asking for one would skip their backoff forever.
		if (key === this.#sessionKey && this.#stopCounts) return;
		this.#sessionKey = key;
		this.#watchCounts(userId);
		if (userId && associationId) {
			// What is recorded from now on is this person's, even before the first round ends.
			setRecordingActor({ userId }).catch(reportActorFailure);
			this.#scheduler.now();
		}
	}

	#watchCounts(userId: string | undefined): void {
		this.#stopCounts?.();
		let previousMine: number | undefined;
		// Paced, not live: a pull or a sample book commits a batch every few milliseconds, and
		// counting a large log after each one slowed the load several times over.
		this.#stopCounts = observePaced(
			async () => {
				const [pending, rejected, history] = await Promise.all([
					pendingByActor({ actorId: userId }),
					rejectedOpsToResolve(),
					userId ? historyArriving({ userId }) : undefined
				]);
				return { pending, rejected: rejected.length, history };
			},
			{ tables: ['ops', 'meta'] }
		).subscribe(({ pending, rejected, history }) => {
			this.#pending = pending;
			this.#rejected = rejected;
			this.#history = history;
			// A local write: push it shortly, once the person has stopped typing for a moment. Any
			// change with ops still waiting counts: a save during a push can leave the count lower.
			if (previousMine !== undefined && pending.mine > 0 && pending.mine !== previousMine) {
				this.#scheduler.soon();
			}
			previousMine = pending.mine;
		});
	}

	/** One round at a time: a second caller waits for the running one, then runs its own. */
	async #round(): Promise<RoundResult> {
		while (this.#inflight) await this.#inflight;
		const running = this.#runRound();
		this.#inflight = running.then(
			() => undefined,
			() => undefined
		);
		try {
			return await running;
		} finally {
			this.#inflight = undefined;
		}
	}

	async #runRound(): Promise<RoundResult> {
		const account = sessionManager.account;
		const membership = sessionManager.activeMembership;
		if (sessionManager.status !== 'signed-in' || !account || !membership) {
			this.#phase = 'no-server';
			return 'idle';
		}
		this.#phase = 'syncing';
		this.#progress = undefined;
		// The person this round is for; a log-in or log-out meanwhile (here or in another tab)
		// changes the key, and the round stops before acting for someone who left.
		const sessionKey = liveSessionKey();
		let outcome: SyncOutcome;
		try {
			// Loaded on the first round, not with the first screen: the engine carries the op catalog
			// and the projection code, which the header does not need to paint.
			const { syncOnce } = await import('./sync-engine');
			outcome = await syncOnce({
				account: {
					userId: account.userId,
					associationId: membership.associationId,
					role: membership.role
				},
				transport: this.#transport,
				onProgress: (progress) => {
					// The running period is stored: the shell reads the book now, not at the round's end.
					if (progress.phase === 'history' && this.#progress?.phase !== 'history') {
						this.#bookChanges += 1;
					}
					this.#progress = progress;
				},
				isCurrent: () => liveSessionKey() === sessionKey
			});
		} catch (error) {
			// A store call that threw (a full disk), or the engine's chunk missing after an update:
			// say so and try again later rather than showing "Sincronizando…" forever.
			const counts = { pushed: 0, rejected: 0, pulled: 0, claimed: 0 };
			outcome = isStorageFull(error)
				? { ok: false, reason: 'storage_full', message: String(error), ...counts }
				: { ok: false, reason: 'write_failed', message: String(error), ...counts };
		}
		this.#lastOutcome = outcome;
		this.#progress = undefined;
		if (outcome.pulled > 0 || outcome.rejected > 0 || outcome.claimed > 0) this.#bookChanges += 1;
		// Connected from the first op that crossed, not the first round that ended: a book whose
		// first push or pull is cut short is the server's too, closed to whoever holds the phone.
		const exchanged = outcome.pushed + outcome.rejected + outcome.pulled > 0;
		if ((outcome.ok || exchanged) && this.#connectedBook !== membership.associationId) {
			this.#connectedBook = membership.associationId;
			writeConnectedBook(membership.associationId);
		}
		if (outcome.ok) {
			this.#phase = 'idle';
			this.#lastSyncedAt = Date.now();
			writeLastSync(this.#lastSyncedAt);
			return 'done';
		}
		switch (outcome.reason) {
			case 'offline':
				this.#phase = 'offline';
				return 'retry';
			case 'book_mismatch':
				this.#phase = 'book-mismatch';
				return 'idle';
			case 'session_required':
				this.#phase = 'no-server';
				await sessionManager.refresh();
				return 'idle';
			case 'access_refused':
				// Removed from the association or given another role: learn which, then try again.
				this.#phase = 'error';
				await sessionManager.refresh();
				return 'retry';
			default:
				this.#phase = 'error';
				return 'retry';
		}
	}
}

/** Who is logged in, in which association and as what: a change of any of them is a new person. */
function liveSessionKey(): string {
	if (sessionManager.status !== 'signed-in') return '-';
	const membership = sessionManager.activeMembership;
	return `${sessionManager.account?.userId} ${membership?.associationId} ${membership?.role}`;
}

function readLastSync(): number | undefined {
	try {
		const value = Number(localStorage.getItem(lastSyncKey));
		return value > 0 ? value : undefined;
	} catch {
		return undefined;
	}
}

function writeLastSync(at: number): void {
	try {
		localStorage.setItem(lastSyncKey, String(at));
	} catch {
		// Without storage the chip shows the time only until the page is closed.
	}
}

function readConnectedBook(): string | undefined {
	try {
		if (typeof localStorage === 'undefined') return undefined;
		const book = localStorage.getItem(connectedBookKey);
		if (book) return book;
		return localStorage.getItem(lastSyncKey) ? someBook : undefined;
	} catch {
		return undefined;
	}
}

function writeConnectedBook(associationId: string): void {
	try {
		localStorage.setItem(connectedBookKey, associationId);
	} catch {
		// Without storage the book stays open to whoever holds the phone after a log-out.
	}
}

/** The next round sets the actor again; until then the failure is only worth a log line. */
function reportActorFailure(error: unknown): void {
	console.error('Ayni: could not note who records on this phone', error);
}

/** The app's one sync manager. */
export const syncManager = new SyncManager();
