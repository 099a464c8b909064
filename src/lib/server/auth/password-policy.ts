// Which passwords the server accepts: 8 to 128 characters, not among the 10,000 most common
// passwords, and not the login itself. Length counts characters as a person sees them (code
// points), so "contraseña" is 10 whatever its encoding.
import { readFileSync } from 'node:fs';
import { appPath } from '../app-root';

export const passwordLengthMin = 8;
export const passwordLengthMax = 128;

export type PasswordProblem =
	| 'password_too_short'
	| 'password_too_long'
	| 'password_too_common'
	| 'password_must_differ_from_login';

let commonPasswords: Set<string> | undefined;

/** The shipped list (see its header line for source and licence), read once on first use. */
export function loadCommonPasswords(): Set<string> {
	if (!commonPasswords) {
		const text = readFileSync(appPath('src/lib/server/auth/common-passwords.txt'), 'utf8');
		const lines = text.split('\n');
		// The first line names the list's source and licence.
		commonPasswords = new Set(lines.slice(1).filter((line) => line.length > 0));
	}
	return commonPasswords;
}

/** The first rule `password` breaks, or undefined when it is acceptable. */
export function checkPassword(password: string, login?: string): PasswordProblem | undefined {
	const length = [...password].length;
	if (length < passwordLengthMin) return 'password_too_short';
	if (length > passwordLengthMax) return 'password_too_long';
	const folded = password.normalize('NFKC').toLowerCase();
	if (loadCommonPasswords().has(folded)) return 'password_too_common';
	if (login !== undefined && folded === login.normalize('NFKC').toLowerCase()) {
		return 'password_must_differ_from_login';
	}
	return undefined;
}
