// The association's settings as the store keeps them, and the check that decides whether a stored
// record is sound. A record that fails it (e.g. edited by hand in the browser's tools) is never
// shown as if it were true: the app reports it damaged and offers to set the association up again.
import * as z from 'zod/mini';
import { associationConfigured } from '$lib/domain/op-payloads';
import { uuidText } from '$lib/domain/wire-values';
import { hlcText } from '$lib/ops/envelope';

export const associationRowSchema = z.extend(associationConfigured, {
	associationId: uuidText,
	fieldHlc: z.record(z.string(), hlcText)
});

export type AssociationSettings = Omit<z.output<typeof associationRowSchema>, 'fieldHlc'>;
