// The quick check of the ops that fill a book, as they are read from JSON (a pulled page, a backup
// file): deliveries (nine in ten ops; a new phone's history brings hundreds of thousands) and a
// socio's advances, charges and payments, at version 1. It takes only ops the catalog's schemas
// (`parseOp`) take unchanged, and answers "don't know" for anything else (a text the schema would
// trim, an unknown key, a prototype other than a plain object's), which then goes through the
// schemas and gets their errors. It reads an object's enumerable text keys, which is all JSON
// makes; ops built in code (a form's) go through the schemas. A property test (quick-check.test.ts)
// holds it to that: whatever it takes, the schemas take, giving the same op.
import { chargeKinds, paymentMethods, shifts } from '$lib/domain/op-payloads';
import {
	businessDatePattern,
	isCalendarDate,
	litersPattern,
	moneyNonNegativePattern,
	readingPattern,
	uuidPattern
} from '$lib/domain/wire-values';
import type { CatalogOp } from './catalog';
import { deviceIdPattern, hlcPattern, uuidV7Pattern } from './envelope';

type Plain = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const envelopeKeys = new Set([
	'id',
	'associationId',
	'scope',
	'type',
	'v',
	'date',
	'hlc',
	'deviceId',
	'actorId',
	'payload',
	'seq'
]);

const text =
	(pattern: RegExp): Check =>
	(value) =>
		typeof value === 'string' && pattern.test(value);
const oneOf =
	(values: readonly string[]): Check =>
	(value) =>
		typeof value === 'string' && values.includes(value);
/** A person's text as the schema outputs it: already trimmed, so trimming changes nothing. */
const trimmed =
	(maxChars: number): Check =>
	(value) =>
		typeof value === 'string' &&
		value.length >= 1 &&
		value.length <= maxChars &&
		value.trim() === value;

interface PayloadShape {
	/** Every field's check (a Map: a key such as "constructor" finds nothing inherited). */
	fields: Map<string, Check>;
	required: readonly string[];
	/** A rule across fields, checked once every field passed. */
	rule?: (payload: Plain) => boolean;
}

function shape(
	required: Record<string, Check>,
	optional: Record<string, Check> = {},
	rule?: PayloadShape['rule']
): PayloadShape {
	return {
		fields: new Map(Object.entries({ ...required, ...optional })),
		required: Object.keys(required),
		rule
	};
}

const uuidV7 = text(uuidV7Pattern);
const uuid = text(uuidPattern);
const businessDate = text(businessDatePattern);
const hlc = text(hlcPattern);
const deviceId = text(deviceIdPattern);
const money = text(moneyNonNegativePattern);
const liters = text(litersPattern);
const reading = text(readingPattern);

/** The payloads of op-payloads.ts that the quick check knows, field by field. */
const shapes = new Map<string, PayloadShape>([
	[
		'delivery.recorded',
		shape(
			{ memberId: uuid, shift: oneOf(shifts), liters },
			{
				fatPct: reading,
				density: reading,
				acidityD: reading,
				alcoholTest: oneOf(['pass', 'fail']),
				rejectedLiters: liters,
				rejectReason: trimmed(140)
			},
			(payload) => Number(payload.rejectedLiters ?? '0') <= Number(payload.liters)
		)
	],
	['advance.given', shape({ memberId: uuid, amount: money, method: oneOf(paymentMethods) })],
	[
		'charge.recorded',
		shape({ memberId: uuid, kind: oneOf(chargeKinds), amount: money, description: trimmed(140) })
	],
	[
		'payment.made',
		shape(
			{ memberId: uuid, amount: money, method: oneOf(paymentMethods) },
			{ settlementId: uuid, reference: trimmed(80) }
		)
	]
]);

/** The op as `parseOp` would give it, or undefined when only the schemas can tell. */
export function quickCheck(input: unknown): CatalogOp | undefined {
	if (!isPlain(input) || typeof input.type !== 'string') return undefined;
	const op = input;
	const payloadShape = shapes.get(input.type);
	if (!payloadShape) return undefined;
	for (const key in op) if (!envelopeKeys.has(key)) return undefined;
	if (
		op.scope !== 'association' ||
		op.v !== 1 ||
		!uuidV7(op.id) ||
		!uuid(op.associationId) ||
		!businessDate(op.date) ||
		!isCalendarDate(op.date as string) ||
		!hlc(op.hlc) ||
		!deviceId(op.deviceId) ||
		typeof op.actorId !== 'string' ||
		op.actorId.length < 1 ||
		op.actorId.length > 64 ||
		('seq' in op && !(Number.isSafeInteger(op.seq) && (op.seq as number) > 0)) ||
		!isPlain(op.payload)
	) {
		return undefined;
	}
	const payload = op.payload;
	for (const key in payload) {
		const check = payloadShape.fields.get(key);
		if (!check?.(payload[key])) return undefined;
	}
	for (const key of payloadShape.required) if (!Object.hasOwn(payload, key)) return undefined;
	if (payloadShape.rule && !payloadShape.rule(payload)) return undefined;
	return { ...op, payload: { ...payload } } as CatalogOp;
}

/** An object made by JSON or a literal, with own enumerable keys only. */
function isPlain(value: unknown): value is Plain {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}
