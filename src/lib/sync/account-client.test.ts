import { describe, expect, it } from 'vitest';
import { invitableRoles, invitationCodeFrom, invitationLink } from './account-client';

describe('account client helpers', () => {
	it('reads the code from a scanned link or from what was typed', () => {
		const link = invitationLink('http://192.168.1.20:3000', 'K7QMX-4RTP2');
		expect(link).toBe('http://192.168.1.20:3000/unirse#codigo=K7QMX-4RTP2');
		expect(invitationCodeFrom(link)).toBe('K7QMX-4RTP2');
		expect(invitationCodeFrom(' k7qmx-4rtp2 ')).toBe('K7QMX-4RTP2');
	});

	it('offers a treasurer only the roles the server lets them invite', () => {
		expect(invitableRoles('admin')).toEqual(['admin', 'treasurer', 'collector', 'member']);
		expect(invitableRoles('treasurer')).toEqual(['collector', 'member']);
		expect(invitableRoles('collector')).toEqual([]);
	});
});
