// Last-writer-wins per field for the few mutable records (association settings, members): each
// field keeps the value from the op with the highest HLC, whatever order the ops arrive in, so
// every device that holds the same ops shows the same record.
import type { FieldHlc } from '../schema';

/**
 * Writes into `row` each changed field whose op is later than the one that set it. A value of
 * null or undefined clears the field but still records the HLC, so an older value cannot return.
 */
export function mergeFields<Row extends { fieldHlc: FieldHlc }>(
	row: Row,
	changes: Readonly<Record<string, unknown>>,
	hlc: string
): void {
	const fields = row as Record<string, unknown>;
	for (const [field, value] of Object.entries(changes)) {
		const current = row.fieldHlc[field];
		if (current !== undefined && current >= hlc) continue;
		row.fieldHlc[field] = hlc;
		if (value === null || value === undefined) delete fields[field];
		else fields[field] = value;
	}
}
