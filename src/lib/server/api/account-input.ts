// The pieces of the account bodies (register, login, join, password change), and the checks that
// a new account's login and password must pass. Each problem names its field, so the form shows it
// beside what the person typed.
import * as z from 'zod/mini';
import { personText } from '../../domain/wire-values';
import { checkLogin, normalizeLogin } from '../auth/login-name';
import { checkPassword } from '../auth/password-policy';
import { deviceNameMaxChars } from '../auth/sessions';
import type { FieldProblem } from '../http/api-response';

export const nameInput = personText(80);
/** Long enough for any login; its real rules are checked after normalising (login-name.ts). */
export const loginInput = z
	.string()
	.check(z.minLength(1, 'login_required'), z.maxLength(256, 'login_too_long'));
/** The policy (8–128 characters) is checked after parsing; this only bounds the work. */
export const passwordInput = z
	.string()
	.check(z.minLength(1, 'password_required'), z.maxLength(1024, 'password_too_long'));
export const deviceNameInput = z.optional(personText(deviceNameMaxChars));

/** The normalised login and every problem with the new account's login and password. */
export function checkNewAccount(input: { login: string; password: string }): {
	login: string;
	problems: FieldProblem[];
} {
	const login = normalizeLogin(input.login);
	const problems: FieldProblem[] = [];
	const loginProblem = checkLogin(login);
	if (loginProblem) problems.push({ field: 'login', code: loginProblem });
	const passwordProblem = checkPassword(input.password, login);
	if (passwordProblem) problems.push({ field: 'password', code: passwordProblem });
	return { login, problems };
}

/** A name for the device in "my devices": what the person gave, else read from the browser. */
export function deviceName(request: Request, given: string | undefined): string {
	if (given) return given;
	const agent = request.headers.get('user-agent') ?? '';
	const system = /Android/.test(agent)
		? 'Android'
		: /iPhone|iPad/.test(agent)
			? 'iPhone'
			: /Windows/.test(agent)
				? 'Windows'
				: /Mac OS/.test(agent)
					? 'Mac'
					: /Linux/.test(agent)
						? 'Linux'
						: '';
	const browser = /Firefox\//.test(agent)
		? 'Firefox'
		: /(Chrome|Chromium)\//.test(agent)
			? 'Chrome'
			: /Safari\//.test(agent)
				? 'Safari'
				: '';
	// Empty when unknown: the app shows its own words for "a device" in the person's language.
	return [system, browser].filter(Boolean).join(' · ');
}
