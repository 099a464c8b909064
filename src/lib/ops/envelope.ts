// The op envelope, wire contract version 1 (DESIGN.md section 4). Every change a user makes is one
// of these, made on the device with a client id that is reused on every retry, so that sync is a
// union of sets and no retry can duplicate a fact.
import * as z from 'zod/mini';
import { businessDate, uuidText } from '$lib/domain/wire-values';

export const opScopes = ['association', 'private'] as const;
export type OpScope = (typeof opScopes)[number];

/** UUIDv7: 48-bit ms timestamp, version nibble 7, RFC 4122 variant. */
export const uuidV7Pattern =
	/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const uuidV7Text = z.string().check(z.regex(uuidV7Pattern, 'id_must_be_a_uuid_v7'));

export const deviceIdPattern = /^[A-Za-z0-9_-]{8,64}$/;
export const deviceIdText = z
	.string()
	.check(z.regex(deviceIdPattern, 'device_id_must_be_8_to_64_safe_chars'));

/** "<13-digit ms>:<6-digit counter>:<deviceId>": sorts as text in causal order. */
export const hlcPattern = /^\d{13}:\d{6}:[A-Za-z0-9_-]{8,64}$/;
export const hlcText = z.string().check(z.regex(hlcPattern, 'hlc_must_be_ms_counter_device'));

export const opTypeText = z
	.string()
	.check(z.regex(/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/, 'type_must_be_entity_dot_verb'));

export const envelopeSchema = z.strictObject({
	id: uuidV7Text,
	associationId: uuidText,
	scope: z.enum(opScopes),
	type: opTypeText,
	v: z.literal(1),
	date: businessDate,
	hlc: hlcText,
	deviceId: deviceIdText,
	actorId: z.string().check(z.minLength(1), z.maxLength(64)),
	payload: z.record(z.string(), z.unknown()),
	seq: z.optional(z.int().check(z.positive()))
});

/** An op whose envelope is valid; its payload is checked against the catalog separately. */
export type Op = z.output<typeof envelopeSchema>;
