import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPassword, loadCommonPasswords } from './password-policy';

describe('password policy', () => {
	it('ships the 10,000 most common passwords with their source and licence', () => {
		const header = readFileSync('src/lib/server/auth/common-passwords.txt', 'utf8').split('\n')[0];
		expect(header).toMatch(/^# .*zxcvbn.*MIT/);
		expect(loadCommonPasswords().size).toBe(10_000);
	});

	it.each([
		['', 'password_too_short'],
		['1234567', 'password_too_short'],
		['ñandú12', 'password_too_short'],
		['x'.repeat(129), 'password_too_long'],
		['password', 'password_too_common'],
		['12345678', 'password_too_common'],
		['Iloveyou', 'password_too_common'],
		['qwertyuiop', 'password_too_common'],
		['rosa.quispe', 'password_must_differ_from_login'],
		['x'.repeat(8), undefined],
		['x'.repeat(128), undefined],
		['vaca lechera del valle', undefined],
		['contraseña', undefined]
	])('%j → %s', (password, problem) => {
		expect(checkPassword(password, 'rosa.quispe')).toBe(problem);
	});

	it('counts characters, not bytes: 128 emoji are allowed, 129 are not', () => {
		expect(checkPassword('🐄'.repeat(128))).toBeUndefined();
		expect(checkPassword('🐄'.repeat(129))).toBe('password_too_long');
	});
});
