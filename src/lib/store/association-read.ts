// Reading the association book's settings on this phone. The app shell reads them before anything
// else, so this file stays light: no writer, no ledger, nothing the first screen does not need.
import { db } from './db';
import { metaKeys, readMeta } from './meta';
import { associationRowSchema, type AssociationSettings } from './projections/association-row';

export type { AssociationSettings } from './projections/association-row';

export type LoadedAssociation =
	| { status: 'none' }
	| { status: 'ok'; association: AssociationSettings }
	/** The stored record fails validation (e.g. edited by hand): offer to set it up again. */
	| { status: 'damaged' };

export async function loadAssociation(): Promise<LoadedAssociation> {
	const associationId = await readMeta<unknown>(db, metaKeys.associationId);
	if (associationId === undefined) return { status: 'none' };
	if (typeof associationId !== 'string') return { status: 'damaged' };
	const row = await db.association.get(associationId);
	if (!row) return { status: 'none' };
	const checked = associationRowSchema.safeParse(row);
	if (!checked.success) return { status: 'damaged' };
	const { fieldHlc: _fieldHlc, ...association } = checked.data;
	return { status: 'ok', association };
}
