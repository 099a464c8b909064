// Finding a member as the treasurer types: by code ("7" or "007") or by any part of the name,
// without caring for accents or capitals ("huaman" finds "Huamán").
import type { MemberRow } from '$lib/store/schema';

export function foldText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.trim();
}

export function searchMembers(members: readonly MemberRow[], query: string): MemberRow[] {
	const folded = foldText(query);
	if (!folded) return [...members];
	const words = folded.split(/\s+/);
	const asNumber = /^\d+$/.test(folded) ? Number(folded) : null;
	return members.filter((member) => {
		const code = member.code ?? '';
		if (code.toLowerCase().startsWith(folded)) return true;
		if (asNumber !== null && /^\d+$/.test(code) && Number(code) === asNumber) return true;
		const name = foldText(member.fullName ?? '');
		return words.every((word) => name.includes(word));
	});
}
