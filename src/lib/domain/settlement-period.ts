// Settlement periods as the association's cycle names them (DESIGN.md section 3): a fortnight
// `YYYY-MM-1` (days 1–15) or `YYYY-MM-2` (16 to the month's end), or a month `YYYY-MM`. Pure date
// arithmetic on business-date text, so no time zone can move a day across periods.

export type SettlementCycle = 'quincenal' | 'mensual';

export type SettlementPeriod = {
	/** `2024-05-1`, `2024-05-2` or `2024-05`: what the URL and the CSV file name carry. */
	key: string;
	/** Inclusive business-date range. */
	from: string;
	to: string;
	cycle: SettlementCycle;
};

const keyPattern = /^(\d{4})-(0[1-9]|1[0-2])(?:-([12]))?$/;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number): string {
	return String(value).padStart(2, '0');
}

/** The period a key names, or null for anything else (a typed URL, an old link). */
export function parsePeriodKey(key: string): SettlementPeriod | null {
	const match = keyPattern.exec(key);
	if (!match) return null;
	const year = Number(match[1]);
	const month = Number(match[2]);
	if (year < 2000 || year > 2100) return null;
	const month7 = `${match[1]}-${match[2]}`;
	const last = daysInMonth(year, month);
	if (match[3] === undefined) {
		return { key, from: `${month7}-01`, to: `${month7}-${pad(last)}`, cycle: 'mensual' };
	}
	return match[3] === '1'
		? { key, from: `${month7}-01`, to: `${month7}-15`, cycle: 'quincenal' }
		: { key, from: `${month7}-16`, to: `${month7}-${pad(last)}`, cycle: 'quincenal' };
}

/** The period of the cycle that contains a business date. */
export function periodContaining(date: string, cycle: SettlementCycle): SettlementPeriod {
	const month7 = date.slice(0, 7);
	const key = cycle === 'mensual' ? month7 : `${month7}-${Number(date.slice(8, 10)) <= 15 ? 1 : 2}`;
	return parsePeriodKey(key) as SettlementPeriod;
}

/** The period just before, in the same cycle. */
export function previousPeriod(period: SettlementPeriod): SettlementPeriod {
	const [year, month] = period.from.split('-').map(Number) as [number, number];
	if (period.cycle === 'quincenal' && period.key.endsWith('-2')) {
		return parsePeriodKey(`${period.from.slice(0, 7)}-1`) as SettlementPeriod;
	}
	const previousYear = month === 1 ? year - 1 : year;
	const previousMonth = month === 1 ? 12 : month - 1;
	const month7 = `${previousYear}-${pad(previousMonth)}`;
	return parsePeriodKey(period.cycle === 'mensual' ? month7 : `${month7}-2`) as SettlementPeriod;
}

/**
 * The periods a treasurer may choose, newest first: the current one (still open, so its
 * statements can be previewed) and the ones before it.
 */
export function recentPeriods({
	today,
	cycle,
	count
}: {
	today: string;
	cycle: SettlementCycle;
	count: number;
}): SettlementPeriod[] {
	const periods = [periodContaining(today, cycle)];
	while (periods.length < count) {
		periods.push(previousPeriod(periods[periods.length - 1] as SettlementPeriod));
	}
	return periods;
}

/**
 * The period to open by default: the last one that has ended by `today`, since statements are
 * issued after the fortnight closes; the current one is a tap away.
 */
export function defaultPeriod(today: string, cycle: SettlementCycle): SettlementPeriod {
	const current = periodContaining(today, cycle);
	return current.to === today ? current : previousPeriod(current);
}
