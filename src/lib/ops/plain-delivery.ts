// The quick check of the op that fills a book: a `delivery.recorded` at version 1 (nine in ten
// ops; a new phone's history brings hundreds of thousands). It takes only ops the catalog's
// schemas take unchanged, and answers "don't know" for anything else (a reject reason, which the
// schema trims; an unknown key; a prototype other than a plain object's), which then goes through
// the schemas and gets their errors. A property test (plain-delivery.test.ts) holds it to that:
// whatever it takes, `parseOp` takes, giving the same op.
import { shifts } from '$lib/domain/op-payloads';
import {
	businessDatePattern,
	isCalendarDate,
	litersPattern,
	readingPattern,
	uuidPattern
} from '$lib/domain/wire-values';
import type { CatalogOp } from './catalog';
import { deviceIdPattern, hlcPattern, uuidV7Pattern } from './envelope';

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
const readingKeys = ['fatPct', 'density', 'acidityD'] as const;
const payloadKeys = new Set([
	'memberId',
	'shift',
	'liters',
	...readingKeys,
	'alcoholTest',
	'rejectedLiters'
]);

type Plain = Record<string, unknown>;

/** The op as `parseOp` would give it, or undefined when only the schemas can tell. */
export function plainDelivery(input: unknown): CatalogOp | undefined {
	if (!isPlain(input) || input.type !== 'delivery.recorded') return undefined;
	const op = input;
	for (const key in op) if (!envelopeKeys.has(key)) return undefined;
	if (
		op.scope !== 'association' ||
		op.v !== 1 ||
		!matches(op.id, uuidV7Pattern) ||
		!matches(op.associationId, uuidPattern) ||
		!matches(op.date, businessDatePattern) ||
		!isCalendarDate(op.date) ||
		!matches(op.hlc, hlcPattern) ||
		!matches(op.deviceId, deviceIdPattern) ||
		typeof op.actorId !== 'string' ||
		op.actorId.length < 1 ||
		op.actorId.length > 64 ||
		('seq' in op && !(Number.isSafeInteger(op.seq) && (op.seq as number) > 0)) ||
		!isPlain(op.payload)
	) {
		return undefined;
	}
	const payload = op.payload;
	for (const key in payload) if (!payloadKeys.has(key)) return undefined;
	if (
		!matches(payload.memberId, uuidPattern) ||
		!(shifts as readonly unknown[]).includes(payload.shift) ||
		!matches(payload.liters, litersPattern) ||
		readingKeys.some((key) => key in payload && !matches(payload[key], readingPattern)) ||
		('alcoholTest' in payload && payload.alcoholTest !== 'pass' && payload.alcoholTest !== 'fail')
	) {
		return undefined;
	}
	if ('rejectedLiters' in payload) {
		if (!matches(payload.rejectedLiters, litersPattern)) return undefined;
		if (Number(payload.rejectedLiters) > Number(payload.liters)) return undefined;
	}
	return { ...op, payload: { ...payload } } as CatalogOp;
}

/** An object made by JSON or a literal, with own enumerable keys only. */
function isPlain(value: unknown): value is Plain {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

function matches(value: unknown, pattern: RegExp): value is string {
	return typeof value === 'string' && pattern.test(value);
}
