// The op catalog: for every op type, the book it belongs to and its payload schema per version `v`.
// Validation is the same on the phone, in a backup import and on the server, so an op that one of
// them accepts the others accept too. Projections register per type in src/lib/store/projections.
import type * as z from 'zod/mini';
import {
	associationPayloads,
	type AssociationOpType,
	type PayloadOf
} from '$lib/domain/op-payloads';
import { envelopeSchema, type Op, type OpScope } from './envelope';
import { fieldErrorsFromZod, type FieldError } from './field-errors';

export interface CatalogEntry {
	scope: OpScope;
	/** Payload schema by version. Version 1 is the only one so far; older versions stay forever. */
	versions: Readonly<Record<number, z.ZodMiniType>>;
}

function associationEntry(schema: z.ZodMiniType): CatalogEntry {
	return { scope: 'association', versions: { 1: schema } };
}

/** Every op type the app knows. The producer's private book will add its own types here. */
export const opCatalog: Readonly<Record<AssociationOpType, CatalogEntry>> = Object.fromEntries(
	Object.entries(associationPayloads).map(([type, schema]) => [type, associationEntry(schema)])
) as Record<AssociationOpType, CatalogEntry>;

export type OpType = AssociationOpType;

export function isKnownOpType(type: string): type is OpType {
	return Object.hasOwn(opCatalog, type);
}

/** An op whose envelope and payload are both valid; the payload is typed by `type`. */
export type CatalogOp = {
	[T in OpType]: Omit<Op, 'type' | 'payload'> & { type: T; payload: PayloadOf<T> };
}[OpType];

export type OpOfType<T extends OpType> = Extract<CatalogOp, { type: T }>;

export type ParseOpResult = { ok: true; op: CatalogOp } | { ok: false; errors: FieldError[] };

/**
 * Validates an op from anywhere (a form, a sync pull, a backup file). The payload is returned as
 * its schema outputs it (trimmed text, defaults filled), which is what the store keeps.
 */
export function parseOp(input: unknown): ParseOpResult {
	const envelope = envelopeSchema.safeParse(input);
	if (!envelope.success) return { ok: false, errors: fieldErrorsFromZod(envelope.error.issues) };
	const op = envelope.data;
	const entry = catalogEntryFor(op);
	if (!entry.ok) return entry;
	const payload = entry.schema.safeParse(op.payload);
	if (!payload.success) {
		return { ok: false, errors: fieldErrorsFromZod(payload.error.issues, ['payload']) };
	}
	return { ok: true, op: { ...op, payload: payload.data } as CatalogOp };
}

export type ParsePayloadResult =
	{ ok: true; payload: unknown } | { ok: false; errors: FieldError[] };

/**
 * Checks a payload against its type's schema before an op is made of it. Errors name payload
 * fields as a form knows them ("liters", not "payload.liters").
 */
export function parsePayload(input: {
	type: string;
	v: number;
	scope: OpScope;
	payload: unknown;
}): ParsePayloadResult {
	const entry = catalogEntryFor(input);
	if (!entry.ok) return entry;
	const parsed = entry.schema.safeParse(input.payload);
	if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error.issues) };
	return { ok: true, payload: parsed.data };
}

function catalogEntryFor({
	type,
	v,
	scope
}: {
	type: string;
	v: number;
	scope: OpScope;
}): { ok: true; schema: z.ZodMiniType } | { ok: false; errors: FieldError[] } {
	if (!isKnownOpType(type)) {
		return { ok: false, errors: [{ field: 'type', code: 'type_must_be_in_catalog' }] };
	}
	const entry = opCatalog[type];
	if (entry.scope !== scope) {
		return { ok: false, errors: [{ field: 'scope', code: 'scope_must_match_type' }] };
	}
	const schema = entry.versions[v];
	if (!schema) return { ok: false, errors: [{ field: 'v', code: 'version_must_be_in_catalog' }] };
	return { ok: true, schema };
}
