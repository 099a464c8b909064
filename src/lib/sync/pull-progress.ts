// How far a long pull has come. The server does not say how many ops remain, but it sends them in
// seq order, which follows the business dates closely, so the date of the last op received,
// between the first op's date and today, is a fair and cheap estimate for a progress bar.

export function pullFraction({
	firstDate,
	lastDate,
	today
}: {
	firstDate: string | undefined;
	lastDate: string | undefined;
	today: string;
}): number {
	if (!firstDate || !lastDate) return 0;
	const start = Date.parse(firstDate);
	const span = Date.parse(today) - start;
	if (!(span > 0)) return 0.99;
	const fraction = (Date.parse(lastDate) - start) / span;
	// Never 1 while more pages follow: the bar reaches the end only when the pull is done.
	return Math.min(0.99, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
}
