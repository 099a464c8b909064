// The months Cuentas offers: the current one first, then the ones before it.

export function recentMonths(today: string, count: number): string[] {
	let year = Number(today.slice(0, 4));
	let month = Number(today.slice(5, 7));
	const months: string[] = [];
	for (let index = 0; index < count; index++) {
		months.push(`${year}-${String(month).padStart(2, '0')}`);
		month -= 1;
		if (month === 0) {
			month = 12;
			year -= 1;
		}
	}
	return months;
}
