// Ops and callers for the sync tests: a phone that records valid ops for one person (fresh UUIDv7
// ids, an HLC that never goes backwards), and an association made straight in the database.
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/database';
import { associations, ops, type Role } from '../../src/lib/server/db/schema';
import type { Caller } from '../../src/lib/server/sync/caller';
import type { Op } from '../../src/lib/ops/envelope';
import { formatHlc } from '../../src/lib/ops/hlc';
import { makeUuidV7Generator } from '../../src/lib/ops/uuid-v7';

export const digest = 'a'.repeat(64);

export interface Phone {
	caller: Caller;
	deviceId: string;
	record(type: string, payload: Record<string, unknown>, date: string, hlcMs?: number): Op;
	/** A push body for these ops, as the client engine sends it. */
	batch(ops: readonly Op[]): { associationId: string; deviceId: string; ops: Op[] };
}

let phoneCounter = 0;

export function phoneFor(caller: Caller): Phone {
	const ids = makeUuidV7Generator();
	const deviceId = `phone-${process.pid}-${++phoneCounter}`;
	let clock = { ms: Date.now(), counter: 0 };
	return {
		caller,
		deviceId,
		record(type, payload, date, hlcMs) {
			const ms = hlcMs ?? Date.now();
			clock = ms > clock.ms ? { ms, counter: 0 } : { ms: clock.ms, counter: clock.counter + 1 };
			return {
				id: ids.next(),
				associationId: caller.associationId,
				scope: 'association',
				type,
				v: 1,
				date,
				hlc: formatHlc(clock, deviceId),
				deviceId,
				actorId: caller.userId,
				payload
			};
		},
		batch: (list) => ({ associationId: caller.associationId, deviceId, ops: [...list] })
	};
}

/** A fresh association and one caller per role, without accounts: the service trusts callers. */
export async function newAssociation(db: Db): Promise<Record<Role, Caller> & { id: string }> {
	const id = crypto.randomUUID();
	await db
		.insert(associations)
		.values({ id, name: `Asociación ${id.slice(0, 8)}`, createdAt: new Date() });
	const caller = (role: Role): Caller => ({
		userId: crypto.randomUUID(),
		associationId: id,
		role,
		...(role === 'member' ? { memberId: crypto.randomUUID() } : {})
	});
	return {
		id,
		admin: caller('admin'),
		treasurer: caller('treasurer'),
		collector: caller('collector'),
		member: caller('member')
	};
}

export async function opCount(db: Db, associationId?: string): Promise<number> {
	const query = db.select({ n: count() }).from(ops);
	const [row] = await (associationId ? query.where(eq(ops.associationId, associationId)) : query);
	return row?.n ?? 0;
}

export async function storedSeqs(db: Db, associationId: string): Promise<number[]> {
	const rows = await db
		.select({ seq: ops.seq })
		.from(ops)
		.where(eq(ops.associationId, associationId))
		.orderBy(ops.seq);
	return rows.map((row) => row.seq);
}

export const payloads = {
	delivery: (memberId: string, liters = '12.50') => ({ memberId, shift: 'am', liters }),
	member: (memberId: string) => ({
		memberId,
		code: 'S-001',
		fullName: 'Rosa Huamán Quispe',
		activities: ['leche'],
		joinedOn: '2025-10-01'
	}),
	deliveryVoided: (deliveryId: string) => ({ deliveryId, reason: 'Registro duplicado' }),
	advance: (memberId: string, amount = '50.00') => ({ memberId, amount, method: 'efectivo' }),
	advanceVoided: (targetId: string) => ({ targetId, reason: 'Error de monto' }),
	expense: (amount = '30.00') => ({
		category: 'Transporte',
		amount,
		description: 'Flete a la planta',
		paidFrom: 'caja'
	}),
	configured: (transparency: 'own' | 'full') => ({
		name: 'Asociación de Productores Mito',
		legalForm: 'asociacion',
		district: 'Mito',
		settlementCycle: 'quincenal',
		transparency
	}),
	price: (effectiveFrom: string) => ({
		product: 'leche',
		pricePerLiter: '1.3500',
		effectiveFrom
	}),
	closed: (period: string) => ({ period, trialBalanceDigest: digest, checklist: [] }),
	reopened: (period: string) => ({ period, reason: 'Faltó registrar una entrega' })
};
