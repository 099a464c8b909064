// The header chip's one line, from the sync state and the time: pure, so every case is a table
// row in sync-status.test.ts. It never says "sincronizado" unless a round has ended well.
import { m } from '$lib/paraglide/messages.js';
import { pendingLabel } from './sync-labels';
import type { SyncPhase } from './sync-manager.svelte';

export type ChipTone = 'ok' | 'busy' | 'warn' | 'off';

export interface ChipInput {
	phase: SyncPhase;
	online: boolean;
	/** Ops this person still has to send. */
	pendingCount: number;
	rejectedCount: number;
	lastSyncedAt: number | undefined;
	nowMs: number;
	/** Nobody is logged in on a book that has synced with its server: its session is closed. */
	locked?: boolean;
}

export function chipStatus(input: ChipInput): { text: string; tone: ChipTone } {
	const { phase, online, pendingCount, rejectedCount } = input;
	const withPending = (text: string) =>
		pendingCount > 0 ? `${text} · ${pendingLabel(pendingCount)}` : text;
	if (phase === 'no-server') {
		if (!online) return { text: m.sync_offline(), tone: 'off' };
		return { text: input.locked ? m.sync_signed_out() : m.sync_no_server(), tone: 'off' };
	}
	if (!online || phase === 'offline') return { text: withPending(m.sync_offline()), tone: 'off' };
	if (phase === 'syncing') return { text: m.sync_chip_syncing(), tone: 'busy' };
	if (phase === 'book-mismatch') return { text: m.sync_chip_other_book(), tone: 'warn' };
	if (phase === 'error') return { text: withPending(m.sync_chip_error()), tone: 'warn' };
	const synced = input.lastSyncedAt === undefined ? m.sync_chip_never() : syncedAgo(input);
	if (rejectedCount > 0) {
		// Refused ops wait for the person on the Sincronización page: the chip must not look all clear.
		const refused =
			rejectedCount === 1 ? m.sync_rejected_one() : m.sync_rejected_many({ count: rejectedCount });
		return { text: `${withPending(synced)} · ${refused}`, tone: 'warn' };
	}
	return { text: withPending(synced), tone: 'ok' };
}

function syncedAgo({ lastSyncedAt = 0, nowMs }: ChipInput): string {
	const minutes = Math.floor(Math.max(0, nowMs - lastSyncedAt) / 60_000);
	if (minutes < 1) return m.sync_chip_synced_now();
	if (minutes < 60) return m.sync_chip_synced_minutes({ minutes });
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return m.sync_chip_synced_hours({ hours });
	return m.sync_chip_synced_days({ days: Math.floor(hours / 24) });
}
