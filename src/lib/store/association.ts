// Setting the association book up on this phone, or changing its settings (reading them lives in
// association-read.ts, which the app shell loads first).
import { associationConfigured } from '$lib/domain/op-payloads';
import { todayInLima } from '$lib/ops/business-date';
import { fieldErrorsFromZod } from '$lib/ops/field-errors';
import { record } from './record';

export type ConfigureAssociationResult =
	| { ok: true }
	| { ok: false; errors: { field: string; code: string }[] }
	| { ok: false; storageFull: true };

/**
 * Sets the association up, or changes its settings, by recording an `association.configured` op.
 * The first time it also makes the book's association id. Works offline; the op syncs later.
 * Every call records a new op (settings are last-writer-wins), so a retry after an unclear failure
 * is harmless: the later op carries the same values.
 */
export async function configureAssociation(input: unknown): Promise<ConfigureAssociationResult> {
	const checked = associationConfigured.safeParse(input);
	if (!checked.success) return { ok: false, errors: fieldErrorsFromZod(checked.error.issues) };
	const result = await record(
		{ type: 'association.configured', date: todayInLima(), payload: checked.data },
		{ createBook: true }
	);
	if (result.ok) return { ok: true };
	if (result.code === 'storage_full') return { ok: false, storageFull: true };
	if (result.code === 'payload_must_match_schema') {
		return { ok: false, errors: result.errors.map(({ field, code }) => ({ field, code })) };
	}
	throw new Error(`configureAssociation: ${result.code}`);
}
