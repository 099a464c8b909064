// Applies ops to the projection tables. Every projection here commutes: the result depends on the
// set of ops, not on their order or batching (last-writer-wins by HLC for mutable records, the
// lowest-HLC void for voided ops), which is what lets sync and imports arrive in any order.
//
// Cost model (DESIGN.md section 7): per batch, one bulkPut per table touched and at most one read
// per table that needs existing rows (bulkGet or one key range), never a read per op.
import { Dexie, type Table } from 'dexie';
import type { OpOfType, OpType } from '$lib/ops/catalog';
import type {
	AssociationRow,
	AyniDatabase,
	MemberRow,
	PeriodRow,
	ProjectionTableName,
	StoredOp,
	VoidRow
} from '../schema';
import { associationRowSchema } from './association-row';
import { compareOps } from '$lib/domain/ledger/book';
import type { VoidOp } from '$lib/domain/ledger/postings';
import {
	catalogProjections,
	entityOf,
	voidableTablesByEntity,
	type PlainRows,
	type Projection,
	type VoidableRows,
	type VoidableTable
} from './catalog-projections';
import { mergeFields } from './field-lww';
import { groupBy } from '../group-by';
import { keyBounds } from '../index-range';

type AnyProjection = Projection<OpType>;

function projectionOf(op: StoredOp): AnyProjection {
	return catalogProjections[op.type] as AnyProjection;
}

/**
 * The projection tables that projecting ops of these types reads or writes. A write transaction
 * opened over these (and `ops`, `meta`) instead of every table costs less per save, and Dexie
 * refuses any access outside them, so a projection that starts touching another table fails
 * loudly in the tests rather than writing outside the transaction.
 */
export function projectionTablesOf(types: Iterable<OpType>): ProjectionTableName[] {
	const tables = new Set<ProjectionTableName>();
	for (const type of new Set(types)) {
		const projection = catalogProjections[type] as AnyProjection;
		switch (projection.kind) {
			case 'association':
				tables.add('association');
				break;
			case 'member':
				tables.add('members');
				break;
			case 'period':
				tables.add('periods');
				break;
			case 'row':
				tables.add(projection.table);
				break;
			case 'voidableRow':
				// Its row and the voids that may have arrived before it.
				tables.add(projection.table);
				tables.add('voids');
				break;
			case 'void':
				// The void and the rows it may take out.
				tables.add('voids');
				for (const table of voidableTablesByEntity[entityOf(type)] ?? []) tables.add(table);
				break;
		}
	}
	return [...tables];
}

/** Stored voids by the op id they target. */
export type VoidsByTarget = Map<string, VoidRow[]>;

/**
 * The stored voids of these ops (those that can be voided), for `projectOps`: a caller that
 * appends the ops first can read the voids meanwhile instead of after.
 */
export function voidsOf(db: AyniDatabase, ops: readonly StoredOp[]): Promise<VoidsByTarget> {
	const ids: string[] = [];
	for (const op of ops) if (projectionOf(op).kind === 'voidableRow') ids.push(op.id);
	return voidsAmong(db, ids);
}

/**
 * Projects ops that have just been appended to the log. Call it inside a read-write transaction
 * that covers `projectionTablesOf` their types, so that the ops and their effects commit together
 * or not at all. Rejected ops are not projected: the association's book does not hold them.
 * `voids`, when given, is `voidsOf` these ops (or more), read in the same transaction.
 */
export async function projectOps(
	db: AyniDatabase,
	ops: readonly StoredOp[],
	{ voids }: { voids?: VoidsByTarget } = {}
): Promise<void> {
	const byKind = {
		association: [] as StoredOp[],
		member: [] as StoredOp[],
		period: [] as StoredOp[],
		row: [] as StoredOp[],
		void: [] as StoredOp[]
	};
	for (const op of ops) {
		if (op.status === 'rejected') continue;
		const kind = projectionOf(op).kind;
		byKind[kind === 'voidableRow' ? 'row' : kind].push(op);
	}
	// Rows first, voids second: a void in the same batch as its target must find the target row.
	await Promise.all([
		byKind.association.length > 0 ? projectAssociation(db, byKind.association) : undefined,
		byKind.member.length > 0 ? projectMembers(db, byKind.member) : undefined,
		byKind.period.length > 0 ? projectPeriods(db, byKind.period) : undefined,
		byKind.row.length > 0 ? projectRows(db, byKind.row, voids) : undefined
	]);
	if (byKind.void.length > 0) await projectVoids(db, byKind.void);
}

async function projectAssociation(db: AyniDatabase, ops: StoredOp[]): Promise<void> {
	const byAssociation = groupBy(ops, (op) => op.associationId);
	for (const [associationId, newOps] of byAssociation) {
		const stored = await db.association.get(associationId);
		let row: AssociationRow | undefined = stored;
		let sources = newOps;
		if (stored && !associationRowSchema.safeParse(stored).success) {
			// A damaged record cannot be trusted even for its HLCs: derive it again from the log,
			// which already holds this batch's ops.
			row = undefined;
			sources = (await configurationOps(db)).filter((op) => op.associationId === associationId);
		}
		for (const op of sources) {
			if (op.type !== 'association.configured') continue;
			const { name, legalForm, ruc, district, settlementCycle, transparency } = op.payload;
			row ??= {
				associationId,
				name,
				legalForm,
				district,
				settlementCycle,
				transparency,
				fieldHlc: {}
			};
			mergeFields(row, { name, legalForm, ruc, district, settlementCycle, transparency }, op.hlc);
		}
		if (row) await db.association.put(row);
	}
}

async function configurationOps(db: AyniDatabase): Promise<StoredOp[]> {
	const ops = await db.ops
		.where('[type+date]')
		.between(['association.configured', Dexie.minKey], ['association.configured', Dexie.maxKey])
		.toArray();
	return ops.filter((op) => op.status !== 'rejected');
}

async function projectMembers(db: AyniDatabase, ops: StoredOp[]): Promise<void> {
	const memberIds = [...new Set(ops.map((op) => memberIdOf(op)))];
	const stored = await db.members.bulkGet(memberIds);
	const rows = new Map<string, MemberRow>();
	memberIds.forEach((memberId, index) => {
		rows.set(memberId, stored[index] ?? { memberId, retired: 0, fieldHlc: {} });
	});
	for (const op of ops) {
		const row = rows.get(memberIdOf(op));
		if (row) mergeFields(row, memberChanges(op), op.hlc);
	}
	await db.members.bulkPut([...rows.values()]);
}

function memberIdOf(op: StoredOp): string {
	return (op.payload as { memberId: string }).memberId;
}

function memberChanges(op: StoredOp): Record<string, unknown> {
	switch (op.type) {
		case 'member.registered': {
			const { memberId: _memberId, ...fields } = op.payload;
			return {
				registeredOpId: op.id,
				dni: undefined,
				phone: undefined,
				district: undefined,
				...fields
			};
		}
		case 'member.updated': {
			const { memberId: _memberId, ...changes } = op.payload;
			return changes;
		}
		case 'member.retired':
			return { retired: 1, retiredOn: op.date, retiredReason: op.payload.reason };
		default:
			return {};
	}
}

async function projectPeriods(db: AyniDatabase, ops: StoredOp[]): Promise<void> {
	const periodOf = (op: StoredOp) => (op.payload as { period: string }).period;
	const periods = [...new Set(ops.map(periodOf))];
	const stored = await db.periods.bulkGet(periods);
	const rows = new Map<string, PeriodRow>();
	stored.forEach((row) => row && rows.set(row.period, row));
	for (const op of ops) {
		const period = periodOf(op);
		const current = rows.get(period);
		if (current && current.hlc >= op.hlc) continue;
		const row: PeriodRow = {
			period,
			closed: op.type === 'period.closed' ? 1 : 0,
			opId: op.id,
			hlc: op.hlc
		};
		if (op.type === 'period.reopened') row.reason = op.payload.reason;
		rows.set(period, row);
	}
	await db.periods.bulkPut([...rows.values()]);
}

async function projectRows(
	db: AyniDatabase,
	ops: StoredOp[],
	voids: VoidsByTarget | undefined
): Promise<void> {
	const voidsByTarget = voids ?? (await voidsOf(db, ops));
	const rowsByTable = new Map<string, object[]>();
	for (const op of ops) {
		const projection = projectionOf(op);
		let row: object;
		let effective: VoidRow | undefined;
		if (projection.kind === 'voidableRow') {
			effective = effectiveVoid(entityOf(op.type), voidsByTarget.get(op.id));
			row = voidableRow(projection, op, effective);
		} else if (projection.kind === 'row') {
			row = (projection.toRow as (op: StoredOp) => object)(op);
		} else {
			continue;
		}
		const rows = rowsByTable.get(projection.table);
		if (rows) rows.push(row);
		else rowsByTable.set(projection.table, [row]);
	}
	await Promise.all([...rowsByTable].map(([table, rows]) => rowTable(db, table).bulkPut(rows)));
}

function voidableRow(
	projection: Extract<AnyProjection, { kind: 'voidableRow' }>,
	op: StoredOp,
	effective: VoidRow | undefined
): object {
	return markedVoided((projection.toRow as (op: StoredOp) => object)(op), effective);
}

/** The row marked with the void in effect, or as not voided. */
function markedVoided<Row extends object>(row: Row, effective: VoidRow | undefined): Row {
	const { voidedBy: _previous, ...rest } = row as Row & { voidedBy?: string };
	return (
		effective ? { ...rest, voided: 1, voidedBy: effective.opId } : { ...rest, voided: 0 }
	) as Row;
}

/**
 * The rows of voidable ops as `projectOps` writes them, with the voids stored now: how ops kept
 * packed (history-packs.ts) are read. Other ops are left out.
 */
export async function voidableRowsOf(
	db: AyniDatabase,
	ops: readonly StoredOp[]
): Promise<object[]> {
	const voidsByTarget = await voidsOf(db, ops);
	const rows: object[] = [];
	for (const op of ops) {
		const projection = projectionOf(op);
		if (projection.kind !== 'voidableRow' || op.status === 'rejected') continue;
		const effective = effectiveVoid(entityOf(op.type), voidsByTarget.get(op.id));
		rows.push(voidableRow(projection, op, effective));
	}
	return rows;
}

/**
 * The stored voids of any of these op ids, by target. Ids are UUIDv7, so ops recorded together sit
 * in a narrow key range: one range read over the (small) voids index replaces a lookup per op.
 */
async function voidsAmong(db: AyniDatabase, ids: readonly string[]): Promise<VoidsByTarget> {
	const found: VoidsByTarget = new Map();
	if (ids.length === 0) return found;
	const [lowest, highest] = keyBounds(ids);
	const wanted = new Set(ids);
	const voids = await db.voids.where('targetId').between(lowest, highest, true, true).toArray();
	for (const row of voids) {
		if (!wanted.has(row.targetId)) continue;
		const list = found.get(row.targetId);
		if (list) list.push(row);
		else found.set(row.targetId, [row]);
	}
	return found;
}

/**
 * The void in effect for an op of `entity`: the earliest by (date, hlc, id) among the voids of that
 * entity, the same choice the domain's ledger makes, so totals and journal agree on every device.
 */
function effectiveVoid(entity: string, voids: readonly VoidRow[] | undefined): VoidRow | undefined {
	let winner: VoidRow | undefined;
	for (const candidate of voids ?? []) {
		if (entityOf(candidate.type) !== entity) continue;
		if (!winner || compareOps(voidOpOf(candidate), voidOpOf(winner)) < 0) winner = candidate;
	}
	return winner;
}

function voidOpOf(row: VoidRow): VoidOp {
	return {
		id: row.opId,
		type: row.type,
		date: row.date,
		hlc: row.hlc,
		payload: { targetId: row.targetId, reason: row.reason }
	} as VoidOp;
}

const entityOfTable = Object.fromEntries(
	Object.entries(voidableTablesByEntity).flatMap(([entity, tables]) =>
		tables.map((table) => [table, entity])
	)
) as Record<VoidableTable, string>;

async function projectVoids(db: AyniDatabase, ops: StoredOp[]): Promise<void> {
	const rows: VoidRow[] = [];
	for (const op of ops) {
		const projection = projectionOf(op);
		if (projection.kind !== 'void') continue;
		const voidOp = op as OpOfType<'delivery.voided'>;
		rows.push({
			opId: op.id,
			targetId: projection.targetId(voidOp),
			type: op.type,
			date: op.date,
			hlc: op.hlc,
			reason: projection.reason(voidOp)
		});
	}
	await db.voids.bulkPut(rows);
	const targetIds = [...new Set(rows.map((row) => row.targetId))];
	const voidsByTarget = groupBy(
		await db.voids.where('targetId').anyOf(targetIds).toArray(),
		(row) => row.targetId
	);
	const idsByTable = new Map<VoidableTable, string[]>();
	for (const row of rows) {
		for (const table of voidableTablesByEntity[entityOf(row.type)] ?? []) {
			const ids = idsByTable.get(table);
			if (!ids) idsByTable.set(table, [row.targetId]);
			else if (!ids.includes(row.targetId)) ids.push(row.targetId);
		}
	}
	await Promise.all(
		[...idsByTable].map(([table, ids]) =>
			settleVoids(db, table, ids, (targetId) =>
				effectiveVoid(entityOfTable[table], voidsByTarget.get(targetId))
			)
		)
	);
}

/**
 * Marks each target row with the void now in effect; rows that have not arrived yet get their void
 * when they are projected.
 */
async function settleVoids(
	db: AyniDatabase,
	table: VoidableTable,
	targetIds: readonly string[],
	effectiveFor: (targetId: string) => VoidRow | undefined
): Promise<void> {
	const targets = rowTable(db, table) as Table<VoidableRows[VoidableTable], string>;
	const found = await targets.bulkGet([...targetIds]);
	const changed: VoidableRows[VoidableTable][] = [];
	for (const row of found) {
		if (!row) continue;
		const effective = effectiveFor(row.opId);
		if (row.voidedBy === effective?.opId) continue;
		changed.push(markedVoided(row, effective));
	}
	if (changed.length > 0) await targets.bulkPut(changed);
}

/** The table object itself (not `db.table(name)`), so that tests can watch its writes. */
function rowTable(db: AyniDatabase, name: string): Table<object, string> {
	return db[name as VoidableTable | keyof PlainRows] as unknown as Table<object, string>;
}
