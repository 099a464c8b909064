import { describe, expect, it } from 'vitest';
import {
	invitationCodeIsWellFormed,
	newInvitationCode,
	newSessionToken,
	normalizeInvitationCode,
	sha256Hex
} from './tokens';

describe('secrets', () => {
	it('makes 128-bit session tokens, different every time, stored as SHA-256', () => {
		const tokens = new Set(Array.from({ length: 1000 }, newSessionToken));
		expect(tokens.size).toBe(1000);
		for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(16);
		expect(sha256Hex('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
	});

	it('makes invitation codes that read unambiguously and survive sloppy typing', () => {
		const code = newInvitationCode();
		expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}$/);
		const typed = ` ${code.toLowerCase().replace('-', ' ')} `;
		expect(normalizeInvitationCode(typed)).toBe(code.replace('-', ''));
		expect(invitationCodeIsWellFormed(normalizeInvitationCode(typed))).toBe(true);
		expect(invitationCodeIsWellFormed('ABCDE0GHJK')).toBe(false);
		expect(invitationCodeIsWellFormed('ABCDE')).toBe(false);
	});
});
