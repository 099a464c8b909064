// Recording what a person did on this phone. An op and all its effects on the projections are
// stored in one Dexie transaction, or nothing is: a failed save leaves no half-written fact, and the
// caller gets a result it can show while the form keeps what was typed.
import { Dexie } from 'dexie';
import { businessDate } from '$lib/domain/wire-values';
import { parsePayload, type CatalogOp, type OpType } from '$lib/ops/catalog';
import { makeDeviceId } from '$lib/ops/device-id';
import { uuidV7Text, type OpScope } from '$lib/ops/envelope';
import type { FieldError } from '$lib/ops/field-errors';
import { formatHlc, hlcZero, tickHlc, type HlcState } from '$lib/ops/hlc';
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { appendOps, stableJson } from './append-ops';
import { db as defaultDb } from './db';
import { requestPersistence } from './durability';
import { isHlcState, metaKeys } from './meta';
import { projectionTablesOf } from './projections/project-ops';
import type { AyniDatabase, StoredOp } from './schema';
import { errorMessage, isStorageFull } from './storage-errors';

/** What a feature hands to `record`: the fact; the store adds ids, clock, device and book. */
export interface OpDraft {
	/**
	 * Make it once (makeUuidV7) and reuse it when retrying the same save: a retry of an op that was
	 * in fact stored then succeeds without storing it twice. Made here when absent.
	 */
	id?: string;
	type: OpType;
	/** Business date YYYY-MM-DD in America/Lima: it decides the period the fact belongs to. */
	date: string;
	payload: unknown;
	/** The association's book by default; "private" for the producer's own book. */
	scope?: OpScope;
}

/** A problem with one draft of the batch; `index` is its position in the array given. */
export interface DraftError extends FieldError {
	index: number;
}

export type RecordFailure =
	| { ok: false; code: 'payload_must_match_schema'; errors: DraftError[] }
	| { ok: false; code: 'association_must_be_configured' }
	/** The id was used before for a different fact; nothing was stored. */
	| { ok: false; code: 'id_must_not_be_reused'; ids: string[] }
	/** The phone's storage is full; nothing was stored. */
	| { ok: false; code: 'storage_full' }
	| { ok: false; code: 'write_failed'; message: string };

export type RecordManyResult = { ok: true; ops: StoredOp[] } | RecordFailure;
export type RecordResult = { ok: true; op: StoredOp } | RecordFailure;

/**
 * Records one op. Offline it behaves the same (everything is local); the op waits as `pending`
 * until sync pushes it. On retry with the same draft id, the stored op is returned unchanged.
 */
export async function record(draft: OpDraft, options: RecordOptions = {}): Promise<RecordResult> {
	const result = await recordMany([draft], options);
	if (!result.ok) return result;
	return { ok: true, op: result.ops[0] as StoredOp };
}

export interface RecordOptions {
	/** Make the book's association id if there is none yet (first configuration only). */
	createBook?: boolean;
	db?: AyniDatabase;
	now?: () => number;
}

/**
 * Records several ops as one all-or-nothing save (e.g. a whole shift, or a settlement run): one
 * transaction for all of them, whatever their number, because half a settlement run is worse than
 * none. Validation happens before anything is written. Offline and on retry as `record`.
 */
export async function recordMany(
	drafts: readonly OpDraft[],
	{ createBook = false, db = defaultDb, now = Date.now }: RecordOptions = {}
): Promise<RecordManyResult> {
	const checked = checkDrafts(drafts);
	if (!checked.ok) return checked;
	if (checked.drafts.length === 0) return { ok: true, ops: [] };
	let conflictIds: string[] = [];
	try {
		// Only the tables these ops' projections touch: a save of one delivery locks four stores,
		// not sixteen (measured by bench/collection: the transaction's scope is most of a save).
		const tables = projectionTablesOf(checked.drafts.map((draft) => draft.type));
		const ops = await db.transaction('rw', ['meta', 'ops', ...tables], async () => {
			const identity = await readIdentity(db, createBook);
			if (!identity) return undefined;
			let hlc = identity.hlc;
			const made: StoredOp[] = checked.drafts.map((draft) => {
				hlc = tickHlc(hlc, now());
				const scope = draft.scope ?? 'association';
				return {
					id: draft.id ?? makeUuidV7(),
					associationId: identity.associationId,
					scope,
					type: draft.type,
					v: 1,
					date: draft.date,
					hlc: formatHlc(hlc, identity.deviceId),
					deviceId: identity.deviceId,
					actorId: identity.actorId,
					payload: draft.payload,
					status: scope === 'private' ? 'local' : 'pending'
				} as StoredOp;
			});
			// The clock is written beside the ops, not after them: one round trip less per save.
			const [{ existing }] = await Promise.all([
				appendOps(db, made),
				db.meta.put({ key: metaKeys.hlc, value: hlc })
			]);
			conflictIds = existing
				.filter(({ incoming, stored }) => !sameFact(incoming, stored))
				.map(({ incoming }) => incoming.id);
			// Throwing aborts the transaction: none of the batch is kept, nor the clock's write.
			if (conflictIds.length > 0) throw new Dexie.ConstraintError('id_must_not_be_reused');
			const storedById = new Map(existing.map(({ stored }) => [stored.id, stored]));
			return made.map((op) => storedById.get(op.id) ?? op);
		});
		if (!ops) return { ok: false, code: 'association_must_be_configured' };
		// Outside any caller's transaction (issuing statements and payments record inside one): a
		// write started in that transaction's zone and left running could outlive it and fail.
		void Dexie.ignoreTransaction(() => requestPersistence(db));
		return { ok: true, ops };
	} catch (error) {
		if (conflictIds.length > 0)
			return { ok: false, code: 'id_must_not_be_reused', ids: conflictIds };
		if (isStorageFull(error)) return { ok: false, code: 'storage_full' };
		return { ok: false, code: 'write_failed', message: errorMessage(error) };
	}
}

type CheckedDrafts =
	| { ok: true; drafts: (OpDraft & { payload: unknown })[] }
	| { ok: false; code: 'payload_must_match_schema'; errors: DraftError[] };

function checkDrafts(drafts: readonly OpDraft[]): CheckedDrafts {
	const errors: DraftError[] = [];
	const checked = drafts.map((draft, index) => {
		if (draft.id !== undefined && !uuidV7Text.safeParse(draft.id).success) {
			errors.push({ index, field: 'id', code: 'id_must_be_a_uuid_v7' });
		}
		const date = businessDate.safeParse(draft.date);
		if (!date.success) {
			errors.push({
				index,
				field: 'date',
				code: date.error.issues[0]?.message ?? 'date_must_exist'
			});
		}
		const payload = parsePayload({
			type: draft.type,
			v: 1,
			scope: draft.scope ?? 'association',
			payload: draft.payload
		});
		if (!payload.ok) {
			errors.push(...payload.errors.map((error) => ({ index, ...error })));
			return draft;
		}
		return { ...draft, payload: payload.payload };
	});
	if (errors.length > 0) return { ok: false, code: 'payload_must_match_schema', errors };
	return { ok: true, drafts: checked };
}

/** Same fact, recorded again by a retry: same type, book, date and payload (clock aside). */
function sameFact(a: CatalogOp, b: CatalogOp): boolean {
	return (
		a.type === b.type &&
		a.scope === b.scope &&
		a.date === b.date &&
		stableJson(a.payload) === stableJson(b.payload)
	);
}

interface Identity {
	deviceId: string;
	associationId: string;
	actorId: string;
	hlc: HlcState;
}

/**
 * The device id (made on first use and kept), the book's association id, who is recording and the
 * clock, read inside the writing transaction so two tabs cannot hand out the same clock value.
 */
async function readIdentity(db: AyniDatabase, createBook: boolean): Promise<Identity | undefined> {
	const [deviceRow, associationRow, hlcRow, actorRow] = await db.meta.bulkGet([
		metaKeys.deviceId,
		metaKeys.associationId,
		metaKeys.hlc,
		metaKeys.actorId
	]);
	let deviceId = typeof deviceRow?.value === 'string' ? deviceRow.value : undefined;
	if (!deviceId) {
		deviceId = makeDeviceId();
		await db.meta.put({ key: metaKeys.deviceId, value: deviceId });
	}
	let associationId = typeof associationRow?.value === 'string' ? associationRow.value : undefined;
	if (!associationId || !isUuid(associationId)) {
		if (!createBook) return undefined;
		associationId = (await associationIdFromLog(db)) ?? crypto.randomUUID();
		await db.meta.put({ key: metaKeys.associationId, value: associationId });
	}
	const actorId = typeof actorRow?.value === 'string' ? actorRow.value : `device:${deviceId}`;
	const storedHlc = hlcRow?.value;
	const hlc = isHlcState(storedHlc) ? storedHlc : hlcZero;
	return { deviceId, associationId, actorId, hlc };
}

/** When the stored id is lost or damaged, the log still says which book this is. */
async function associationIdFromLog(db: AyniDatabase): Promise<string | undefined> {
	const first = await db.ops.orderBy('id').first();
	return first?.associationId;
}

function isUuid(text: string): boolean {
	return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text);
}
