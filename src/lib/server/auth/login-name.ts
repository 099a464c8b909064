// A login is whatever a producer can remember and type: a phone number, a DNI or a user name
// (many have no e-mail). It is compared in one normal form, so "987 654 321" and "987654321", or
// "Rosa" and "rosa", are the same login.
export const loginLengthMin = 3;
export const loginLengthMax = 64;

export type LoginProblem = 'login_too_short' | 'login_too_long' | 'login_has_invalid_characters';

export function normalizeLogin(login: string): string {
	return login.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

export function checkLogin(normalizedLogin: string): LoginProblem | undefined {
	const length = [...normalizedLogin].length;
	if (length < loginLengthMin) return 'login_too_short';
	if (length > loginLengthMax) return 'login_too_long';
	if (!/^[\p{L}\p{N}._@+-]+$/u.test(normalizedLogin)) return 'login_has_invalid_characters';
	return undefined;
}
