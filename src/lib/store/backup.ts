// Backups: everything on this phone — the association's book and the producer's private book — as
// one versioned JSON file the person keeps (downloaded, or shared to WhatsApp or Drive). Importing
// it on a new phone or after reinstalling restores the log; projections follow from the log.
// A file is checked whole before anything is written, and merged by op id, so importing the same
// file twice, or an older file over newer data, never duplicates or loses a record.
import * as z from 'zod/mini';
import { todayInLima } from '$lib/ops/business-date';
import { parseOp } from '$lib/ops/catalog';
import type { FieldError } from '$lib/ops/field-errors';
import { hlcMaxDriftMs, parseHlc } from '$lib/ops/hlc';
import { uuidText } from '$lib/domain/wire-values';
import { applyStoredOps } from './apply-remote';
import { db as defaultDb } from './db';
import { allPackedOps } from './history-packs';
import { metaKeys, readMeta } from './meta';
import { opStatuses, type AyniDatabase, type StoredOp } from './schema';

export const backupFormat = 'ayni-backup';
export const backupVersion = 1;

const bookSchema = z.object({
	/** How many ops the book holds: a file cut short or edited by hand fails this check. */
	opCount: z.int().check(z.nonnegative()),
	ops: z.array(z.record(z.string(), z.unknown()))
});

const backupSchema = z.object({
	format: z.literal(backupFormat),
	version: z.literal(backupVersion),
	exportedAt: z.string(),
	associationId: uuidText,
	deviceId: z.optional(z.string()),
	books: z.object({ association: bookSchema, private: bookSchema })
});

export interface BackupFile {
	fileName: string;
	json: string;
	associationOps: number;
	privateOps: number;
}

/**
 * Everything in the log as one JSON text. Reads only; works offline. The sync status of each op
 * travels with it, so a restored phone still knows what it has not pushed yet.
 */
export async function exportBackup({
	db = defaultDb,
	now = Date.now
}: { db?: AyniDatabase; now?: () => number } = {}): Promise<
	BackupFile | { error: 'nothing_to_export' }
> {
	const [associationId, deviceId, logged, packed] = await db.transaction(
		'r',
		['meta', 'ops', 'deliveryPacks', 'ledgerPacks'],
		() =>
			Promise.all([
				readMeta<string>(db, metaKeys.associationId),
				readMeta<string>(db, metaKeys.deviceId),
				db.ops.toArray(),
				// A new phone's history is in the log packed (history-packs.ts).
				allPackedOps(db)
			])
	);
	const loggedIds = new Set(packed.length === 0 ? [] : logged.map((op) => op.id));
	const ops = [...logged, ...packed.filter((op) => !loggedIds.has(op.id))];
	if (!associationId || ops.length === 0) return { error: 'nothing_to_export' };
	const associationOps = ops.filter((op) => op.scope === 'association');
	const privateOps = ops.filter((op) => op.scope === 'private');
	const file = {
		format: backupFormat,
		version: backupVersion,
		exportedAt: new Date(now()).toISOString(),
		associationId,
		...(deviceId ? { deviceId } : {}),
		books: {
			association: { opCount: associationOps.length, ops: associationOps },
			private: { opCount: privateOps.length, ops: privateOps }
		}
	};
	return {
		fileName: `ayni-copia-${todayInLima(now())}.json`,
		json: JSON.stringify(file),
		associationOps: associationOps.length,
		privateOps: privateOps.length
	};
}

/** Why a file was refused. Nothing was written in any of these cases. */
export type BackupRefusal =
	| { code: 'backup_must_be_json' }
	| { code: 'backup_must_be_an_ayni_backup' }
	| { code: 'backup_version_must_be_known'; version: unknown }
	| { code: 'backup_must_be_complete' }
	| { code: 'backup_ops_must_be_valid'; errors: { index: number; errors: FieldError[] }[] }
	| { code: 'backup_must_be_of_this_association' }
	| { code: 'phone_clock_must_be_right' };

export type ImportBackupResult =
	| { ok: true; added: number; alreadyStored: number }
	| ({ ok: false } & BackupRefusal)
	/** The file was sound but the phone could not store it all; what was stored is kept. */
	| { ok: false; code: 'storage_full' | 'write_failed'; added: number };

/**
 * Checks a backup text whole — JSON, format, version, counts, every op against the catalog —
 * before writing anything, then merges it by op id, 1000 ops per transaction. Idempotent: the same
 * file imported again adds nothing. If the import stops half-way (full disk, closed tab), importing
 * the file again completes it.
 */
export async function importBackup(
	text: string,
	{
		db = defaultDb,
		now = Date.now,
		onProgress
	}: {
		db?: AyniDatabase;
		now?: () => number;
		onProgress?: (doneOps: number, totalOps: number) => void;
	} = {}
): Promise<ImportBackupResult> {
	const checked = checkBackup(text, now());
	if (!checked.ok) return checked;
	const localAssociationId = await readMeta<unknown>(db, metaKeys.associationId);
	if (localAssociationId !== undefined && localAssociationId !== checked.associationId) {
		return { ok: false, code: 'backup_must_be_of_this_association' };
	}
	const result = await applyStoredOps(db, checked.ops, { now, onProgress });
	if (result.error) return { ok: false, code: result.error.code, added: result.counts.applied };
	return { ok: true, added: result.counts.applied, alreadyStored: result.counts.alreadyStored };
}

type CheckedBackup =
	{ ok: true; associationId: string; ops: StoredOp[] } | ({ ok: false } & BackupRefusal);

function checkBackup(text: string, nowMs: number): CheckedBackup {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return { ok: false, code: 'backup_must_be_json' };
	}
	const header = data as { format?: unknown; version?: unknown } | null;
	if (!header || typeof header !== 'object' || header.format !== backupFormat) {
		return { ok: false, code: 'backup_must_be_an_ayni_backup' };
	}
	if (header.version !== backupVersion) {
		return { ok: false, code: 'backup_version_must_be_known', version: header.version };
	}
	const parsed = backupSchema.safeParse(data);
	if (!parsed.success) return { ok: false, code: 'backup_must_be_complete' };
	const { associationId, books } = parsed.data;
	const ops: StoredOp[] = [];
	const errors: { index: number; errors: FieldError[] }[] = [];
	let tooFarAhead = false;
	for (const [scope, book] of [
		['association', books.association],
		['private', books.private]
	] as const) {
		if (book.ops.length !== book.opCount) return { ok: false, code: 'backup_must_be_complete' };
		for (const entry of book.ops) {
			const index = ops.length + errors.length;
			const { status, rejectReason, ...envelope } = entry;
			const op = parseOp(envelope);
			const entryErrors: FieldError[] = op.ok ? [] : [...op.errors];
			if (!(opStatuses as readonly unknown[]).includes(status)) {
				entryErrors.push({ field: 'status', code: 'status_must_be_known' });
			}
			if (op.ok && op.op.scope !== scope)
				entryErrors.push({ field: 'scope', code: 'scope_must_match_book' });
			if (op.ok && op.op.associationId !== associationId) {
				entryErrors.push({ field: 'associationId', code: 'association_must_match_backup' });
			}
			if (entryErrors.length > 0 || !op.ok) {
				if (errors.length < 20) errors.push({ index, errors: entryErrors });
				continue;
			}
			if (parseHlc(op.op.hlc).ms > nowMs + hlcMaxDriftMs) tooFarAhead = true;
			ops.push({
				...op.op,
				status: status as StoredOp['status'],
				...(typeof rejectReason === 'string' ? { rejectReason } : {})
			});
		}
	}
	if (errors.length > 0) return { ok: false, code: 'backup_ops_must_be_valid', errors };
	// Ops from a phone whose clock ran more than a day ahead of this one: if this phone's date is
	// wrong, every later op would sort before them. Ask for the date to be fixed first.
	if (tooFarAhead) return { ok: false, code: 'phone_clock_must_be_right' };
	return { ok: true, associationId, ops };
}
