// The append-only audit log: logins and their failures, role changes, invitations, closed sessions
// and, from the sync service, payments and period closes. Each association has its own chain
// (and the server has one, under the nil UUID, for events that belong to no association); every
// row's hash covers the previous row's hash and the row's own content, so editing, deleting or
// inserting a row anywhere breaks the chain from there on (`npm run audit:verify`).
import { createHash } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { auditHeads, auditLog } from '../db/schema';

/** The chain of events that belong to no association (a failed login for an unknown account). */
export const serverChainId = '00000000-0000-0000-0000-000000000000';
export const genesisHash = '0'.repeat(64);

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEvent {
	/** The association's chain; omit it for the server chain. */
	associationId?: string;
	actorUserId: string | null;
	/** `<thing>.<past-tense verb>`, like op types: `login.failed`, `membership.role_changed`. */
	action: string;
	details: AuditDetails;
	ip: string | null;
	at: Date;
}

export interface AuditRow {
	associationId: string;
	seq: number;
	at: Date;
	actorUserId: string | null;
	action: string;
	details: unknown;
	ip: string | null;
	prevHash: string;
	hash: string;
}

/**
 * Appends one event at the end of its chain. Call it inside the transaction that makes the change
 * it records, so the change and its record commit together. The chain's head row is locked until
 * then, so concurrent appends queue instead of forking the chain.
 */
export async function appendAudit(tx: Db, event: AuditEvent): Promise<void> {
	const associationId = event.associationId ?? serverChainId;
	await tx
		.insert(auditHeads)
		.values({ associationId, lastSeq: 0, lastHash: genesisHash })
		.onConflictDoNothing();
	const [head] = await tx
		.select()
		.from(auditHeads)
		.where(eq(auditHeads.associationId, associationId))
		.for('update');
	if (!head) throw new Error('audit head vanished inside its transaction');
	const row = {
		associationId,
		seq: head.lastSeq + 1,
		at: event.at,
		actorUserId: event.actorUserId,
		action: event.action,
		details: event.details,
		ip: event.ip,
		prevHash: head.lastHash
	};
	const hash = auditRowHash(row);
	await tx.insert(auditLog).values({ ...row, hash });
	await tx
		.update(auditHeads)
		.set({ lastSeq: row.seq, lastHash: hash })
		.where(eq(auditHeads.associationId, associationId));
}

/** SHA-256 over the previous hash and the row's fields in a fixed, canonical text form. */
export function auditRowHash(row: Omit<AuditRow, 'hash'>): string {
	const content = canonicalJson([
		row.associationId,
		row.seq,
		row.at.toISOString(),
		row.actorUserId,
		row.action,
		row.details,
		row.ip
	]);
	return createHash('sha256').update(`${row.prevHash}\n${content}`, 'utf8').digest('hex');
}

/**
 * JSON with object keys sorted at every level: PostgreSQL's jsonb gives keys back in its own
 * order, so the text that is hashed must not depend on key order.
 */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, item]) => item !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export interface AuditBreak {
	associationId: string;
	seq: number;
	problem:
		| 'hash_must_match_content'
		| 'prev_hash_must_match_previous_row'
		| 'seq_must_follow_previous_row'
		| 'head_must_match_last_row';
}

export interface AuditVerification {
	chains: { associationId: string; rows: number; headHash: string }[];
	breaks: AuditBreak[];
}

/** Walks every chain from its first row and reports each place where it does not hold. */
export async function verifyAuditLog(db: Db, pageSize = 5000): Promise<AuditVerification> {
	const heads = await db.select().from(auditHeads).orderBy(asc(auditHeads.associationId));
	const chainIds = await db
		.selectDistinct({ associationId: auditLog.associationId })
		.from(auditLog)
		.orderBy(asc(auditLog.associationId));
	const ids = new Set([
		...heads.map((h) => h.associationId),
		...chainIds.map((c) => c.associationId)
	]);
	const verification: AuditVerification = { chains: [], breaks: [] };

	for (const associationId of [...ids].sort()) {
		let prevHash = genesisHash;
		let expectedSeq = 1;
		let rows = 0;
		let afterSeq = 0;
		for (;;) {
			const page = await db
				.select()
				.from(auditLog)
				.where(sql`${auditLog.associationId} = ${associationId} and ${auditLog.seq} > ${afterSeq}`)
				.orderBy(asc(auditLog.seq))
				.limit(pageSize);
			for (const row of page) {
				const at = row.at;
				if (row.seq !== expectedSeq) {
					verification.breaks.push({
						associationId,
						seq: row.seq,
						problem: 'seq_must_follow_previous_row'
					});
				}
				if (row.prevHash !== prevHash) {
					verification.breaks.push({
						associationId,
						seq: row.seq,
						problem: 'prev_hash_must_match_previous_row'
					});
				}
				if (auditRowHash({ ...row, at }) !== row.hash) {
					verification.breaks.push({
						associationId,
						seq: row.seq,
						problem: 'hash_must_match_content'
					});
				}
				prevHash = row.hash;
				expectedSeq = row.seq + 1;
				rows++;
			}
			if (page.length < pageSize) break;
			afterSeq = page[page.length - 1]?.seq ?? afterSeq;
		}
		const head = heads.find((h) => h.associationId === associationId);
		if (!head || head.lastSeq !== expectedSeq - 1 || head.lastHash !== prevHash) {
			verification.breaks.push({
				associationId,
				seq: expectedSeq - 1,
				problem: 'head_must_match_last_row'
			});
		}
		verification.chains.push({ associationId, rows, headHash: prevHash });
	}
	return verification;
}

/** Op types whose acceptance is recorded in the association's audit chain. */
export const auditedOpTypes: ReadonlySet<string> = new Set([
	'payment.made',
	'payment.voided',
	'period.closed',
	'period.reopened'
]);

/**
 * The audit event for an accepted op of an audited type (payments, closes), or undefined for
 * other types. The sync service appends it in the transaction that stores the op, so an op and
 * its audit row exist together or not at all; a retried push that finds the op already stored
 * appends nothing.
 */
export function opAuditEvent(input: {
	op: { id: string; associationId: string; type: string; date: string; payload: unknown };
	actorUserId: string;
	ip: string | null;
	at: Date;
}): AuditEvent | undefined {
	const { op } = input;
	if (!auditedOpTypes.has(op.type)) return undefined;
	const payload = (op.payload ?? {}) as Record<string, unknown>;
	const details: AuditDetails = { opId: op.id, date: op.date };
	for (const key of ['memberId', 'amount', 'method', 'settlementId', 'period', 'targetId']) {
		const value = payload[key];
		if (typeof value === 'string') details[key] = value;
	}
	return {
		associationId: op.associationId,
		actorUserId: input.actorUserId,
		action: op.type,
		details,
		ip: input.ip,
		at: input.at
	};
}
