import { describe, expect, it } from 'vitest';
import type { MemberRow } from '$lib/store/schema';
import { nextMemberCode } from './member-code';
import { searchMembers } from './member-search';

describe('nextMemberCode', () => {
	it.each([
		[[], '001'],
		[['001', '002'], '003'],
		[['001', '009', 'S-44', undefined], '010'],
		[['999'], '1000']
	])('after %o comes %s', (codes, next) => {
		expect(nextMemberCode(codes)).toBe(next);
	});
});

describe('searchMembers', () => {
	const members: MemberRow[] = [
		{ memberId: '1', code: '007', fullName: 'Rosa Huamán Quispe', retired: 0, fieldHlc: {} },
		{ memberId: '2', code: '012', fullName: 'Juan Poma Meza', retired: 0, fieldHlc: {} }
	];
	it.each([
		['huaman', ['1']],
		['ROSA quispe', ['1']],
		['7', ['1']],
		['01', ['2']],
		['', ['1', '2']],
		['zzz', []]
	])('%s finds %o', (query, ids) => {
		expect(searchMembers(members, query).map((member) => member.memberId)).toEqual(ids);
	});
});
