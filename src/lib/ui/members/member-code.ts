// Member codes are assigned, never typed: the next number after the highest numeric code in the
// book, written with at least three digits ("001", "002", … "1000"). Deterministic, so two screens
// propose the same code; codes that are not plain numbers (imported ones) are skipped.
export function nextMemberCode(codes: Iterable<string | undefined>): string {
	let highest = 0;
	for (const code of codes) {
		if (code && /^\d{1,9}$/.test(code)) highest = Math.max(highest, Number(code));
	}
	return String(highest + 1).padStart(3, '0');
}
