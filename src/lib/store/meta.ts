// The device's own facts, kept in the `meta` table: its id, the association book it holds, the
// state of its hybrid logical clock, who is recording, and which projection code built the tables.
import type { HlcState } from '$lib/ops/hlc';
import type { AyniDatabase } from './schema';

export const metaKeys = {
	deviceId: 'deviceId',
	associationId: 'associationId',
	hlc: 'hlc',
	actorId: 'actorId',
	projectionsVersion: 'projectionsVersion',
	persistAsked: 'persistAsked'
} as const;

/**
 * Bump when a projection's code changes what it writes: on the next open the store rebuilds every
 * projection from the log, so no phone keeps tables made by older code.
 */
export const projectionsVersion = 1;

type MetaTables = Pick<AyniDatabase, 'meta'>;

export async function readMeta<T>(db: MetaTables, key: string): Promise<T | undefined> {
	const row = await db.meta.get(key);
	return row?.value as T | undefined;
}

export async function writeMeta(db: MetaTables, key: string, value: unknown): Promise<void> {
	await db.meta.put({ key, value });
}

export function isHlcState(value: unknown): value is HlcState {
	if (!value || typeof value !== 'object') return false;
	const { ms, counter } = value as Record<string, unknown>;
	return Number.isSafeInteger(ms) && Number.isSafeInteger(counter);
}
