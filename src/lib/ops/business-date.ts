// Business dates are local dates in America/Lima (DESIGN.md section 3); Peru has one time zone and
// no daylight saving, so a fixed zone name is enough.

const limaDate = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'America/Lima',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** Today's business date, YYYY-MM-DD, whatever zone the phone is set to. */
export function todayInLima(nowMs: number = Date.now()): string {
	return limaDate.format(nowMs);
}
