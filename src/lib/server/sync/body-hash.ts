// The fingerprint of an op's body, used to tell a retry (same id, same body: "exists") from a
// conflicting reuse of an id (same id, other body). It covers every envelope field but `seq`,
// which the server adds, and it is canonical: object keys are sorted, so the order a phone wrote
// them in, or the order jsonb gives them back in, does not change it.
import { createHash } from 'node:crypto';
import type { Op } from '$lib/ops/envelope';

export function opBodyHash(op: Op): string {
	const { seq: _seq, ...body } = op;
	return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** JSON with object keys sorted at every level; the input is a validated op (no cycles). */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, item]) => item !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}
