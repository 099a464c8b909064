// GET /api/associations/:id/journal: the association's journal for one month, posted on the server
// from the stored ops by the same domain functions the phones use, in hledger's format so that an
// accountant can check it with a tool Ayni does not control. Read-only.
import { and, asc, eq, lte } from 'drizzle-orm';
import {
	journalFromOps,
	lastDayOfPeriod,
	periodOf,
	periodText,
	toHledgerJournal,
	type DomainOp
} from '$lib/domain';
import { parseOp } from '$lib/ops/catalog';
import type { Db } from '../db/database';
import { ops } from '../db/schema';
import { opFromRow } from './stored-op';
import { roleMayReadJournal, type Caller } from './caller';
import { syncFailure, type SyncResponse } from './sync-response';

export interface JournalResponse {
	contentType: string;
	text: string;
	/** Stored ops the server could not read back as catalog ops; should always be 0. */
	unreadableOps: number;
}

export async function journalFor({
	db,
	caller,
	associationId,
	period,
	format
}: {
	db: Db;
	caller: Caller;
	associationId: unknown;
	period: unknown;
	format: unknown;
}): Promise<SyncResponse<JournalResponse>> {
	if (associationId !== caller.associationId) {
		return syncFailure(403, 'association_must_match_caller');
	}
	if (!roleMayReadJournal(caller.role)) return syncFailure(403, 'role_must_allow_journal');
	const month = periodText.safeParse(period);
	if (!month.success) return syncFailure(400, 'period_must_be_yyyy_mm');
	if ((format ?? 'hledger') !== 'hledger') return syncFailure(400, 'format_must_be_hledger');

	// Every op up to the month's end: a void in this month may reverse an entry of an earlier one.
	const rows = await db
		.select()
		.from(ops)
		.where(
			and(eq(ops.associationId, caller.associationId), lte(ops.date, lastDayOfPeriod(month.data)))
		)
		.orderBy(asc(ops.seq));
	const domainOps: DomainOp[] = [];
	let unreadableOps = 0;
	for (const row of rows) {
		const parsed = parseOp(opFromRow(row));
		if (parsed.ok) domainOps.push(parsed.op as DomainOp);
		else unreadableOps += 1;
	}
	const entries = journalFromOps(domainOps).filter((entry) => periodOf(entry.date) === month.data);
	return {
		status: 200,
		body: {
			contentType: 'text/plain; charset=utf-8',
			text: toHledgerJournal(entries),
			unreadableOps
		}
	};
}
