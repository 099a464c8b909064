import { describe, expect, it } from 'vitest';
import { pullFraction } from './pull-progress';
import { chipStatus, type ChipInput } from './sync-status';

const nowMs = Date.parse('2025-03-20T15:00:00Z');
const base: ChipInput = {
	phase: 'idle',
	online: true,
	pendingCount: 0,
	rejectedCount: 0,
	lastSyncedAt: nowMs - 2 * 60_000,
	nowMs
};

describe('the header chip', () => {
	it.each<[Partial<ChipInput>, string]>([
		[{ phase: 'no-server' }, 'Sin servidor configurado'],
		[{ phase: 'no-server', online: false }, 'Sin conexión'],
		[{ phase: 'no-server', locked: true }, 'Sesión cerrada'],
		[{ online: false, pendingCount: 12 }, 'Sin conexión · 12 pendientes'],
		[{ phase: 'offline', pendingCount: 1 }, 'Sin conexión · 1 pendiente'],
		[{ phase: 'syncing', pendingCount: 3 }, 'Sincronizando…'],
		[{}, 'Sincronizado hace 2 min'],
		[{ lastSyncedAt: nowMs - 10_000 }, 'Sincronizado recién'],
		[{ lastSyncedAt: nowMs - 3 * 3_600_000 }, 'Sincronizado hace 3 h'],
		[{ lastSyncedAt: undefined }, 'Aún sin sincronizar'],
		[{ pendingCount: 2 }, 'Sincronizado hace 2 min · 2 pendientes'],
		[{ phase: 'error', pendingCount: 4 }, 'No se pudo sincronizar · 4 pendientes'],
		[{ phase: 'book-mismatch' }, 'Otro libro en este teléfono']
	])('%o → "%s"', (change, text) => {
		// The count and its word are joined by a no-break space so the chip never splits them.
		expect(chipStatus({ ...base, ...change }).text.replaceAll('\u00a0', ' ')).toBe(text);
	});

	it('warns while refused ops wait for a decision', () => {
		const status = chipStatus({ ...base, rejectedCount: 1 });
		expect(status.text.replaceAll('\u00a0', ' ')).toBe('Sincronizado hace 2 min · 1 no aceptada');
		expect(status.tone).toBe('warn');
	});
});

describe('pull progress', () => {
	it('estimates by date and never reaches the end before the last page', () => {
		expect(
			pullFraction({ firstDate: '2025-01-01', lastDate: '2025-01-01', today: '2025-03-01' })
		).toBe(0);
		expect(
			pullFraction({ firstDate: '2025-01-01', lastDate: '2025-01-30', today: '2025-03-01' })
		).toBeCloseTo(29 / 59);
		expect(
			pullFraction({ firstDate: '2025-01-01', lastDate: '2025-03-01', today: '2025-03-01' })
		).toBe(0.99);
		expect(pullFraction({ firstDate: undefined, lastDate: undefined, today: '2025-03-01' })).toBe(
			0
		);
	});
});
