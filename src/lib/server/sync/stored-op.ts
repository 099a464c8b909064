// A row of the ops table back in the wire envelope's shape (DESIGN.md section 4), seq included.
import type { Op } from '$lib/ops/envelope';
import type { ops } from '../db/schema';

export type StoredOp = Op & { seq: number };

export function opFromRow(row: typeof ops.$inferSelect): StoredOp {
	return {
		id: row.id,
		associationId: row.associationId,
		// Only ops that passed the catalog's validation are ever stored.
		scope: row.scope as Op['scope'],
		type: row.type,
		v: row.v as Op['v'],
		date: row.date,
		hlc: row.hlc,
		deviceId: row.deviceId,
		actorId: row.actorId,
		payload: row.payload as Record<string, unknown>,
		seq: row.seq
	};
}
