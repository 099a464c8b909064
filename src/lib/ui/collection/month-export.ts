// Downloads a month's collection sheet as CSV (see collection-csv.ts for the format chosen).
import { m } from '$lib/paraglide/messages.js';
import { membersByIds, monthDeliveries } from '$lib/store/collection-queries';
import { downloadCsv } from '../settlement/statements-csv';
import { collectionCsv } from './collection-csv';

export async function exportMonth(month: string): Promise<void> {
	const deliveries = await monthDeliveries(month);
	const members = await membersByIds(deliveries.map((row) => row.memberId));
	const text = collectionCsv({
		deliveries,
		members,
		labels: {
			header: [
				m.col_csv_member_code(),
				m.col_csv_member_name(),
				m.col_csv_date(),
				m.col_csv_shift(),
				m.col_csv_liters(),
				m.col_csv_rejected(),
				m.col_csv_accepted(),
				m.col_csv_fat(),
				m.col_csv_density(),
				m.col_csv_acidity(),
				m.col_csv_alcohol(),
				m.col_csv_reason(),
				m.col_csv_state()
			],
			shift: (shift) => (shift === 'am' ? m.col_shift_am() : m.col_shift_pm()),
			alcohol: (test) =>
				test === 'fail'
					? m.col_sheet_alcohol_fail()
					: test === 'pass'
						? m.col_sheet_alcohol_pass()
						: '',
			state: (voided) => (voided ? m.col_csv_voided() : m.col_csv_valid())
		}
	});
	downloadCsv(`acopio-${month}.csv`, text);
}
