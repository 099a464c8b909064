// Secrets the server hands out: session tokens and invitation codes. Both are random, shown to
// their owner once, and stored only as SHA-256 hashes, so a leaked database copy opens nothing.
import { createHash, randomBytes, randomInt } from 'node:crypto';

/** 128 random bits, URL-safe (22 characters). */
export function newSessionToken(): string {
	return randomBytes(16).toString('base64url');
}

export function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Letters and digits that cannot be mistaken for each other when read aloud or copied from a
 * screen in sunlight: no 0/O, 1/I/L, and no U (reads as V).
 */
export const invitationAlphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const invitationCodeLength = 10;

/** 10 characters of a 30-letter alphabet: 49 bits, shown as "ABCDE-FGHJK". */
export function newInvitationCode(): string {
	let code = '';
	for (let i = 0; i < invitationCodeLength; i++) {
		code += invitationAlphabet[randomInt(invitationAlphabet.length)];
	}
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a person typed or scanned, in the form that is hashed: upper case, no spaces or dashes. */
export function normalizeInvitationCode(code: string): string {
	return code.toUpperCase().replace(/[\s-]+/g, '');
}

export function invitationCodeIsWellFormed(normalizedCode: string): boolean {
	if (normalizedCode.length !== invitationCodeLength) return false;
	return [...normalizedCode].every((char) => invitationAlphabet.includes(char));
}
