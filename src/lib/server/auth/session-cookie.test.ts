import { describe, expect, it } from 'vitest';
import { readSessionToken, sessionCookie, sessionCookieName } from './session-cookie';

const http = new URL('http://192.168.1.20:3000/api/auth/login');
const https = new URL('https://ayni.concepcion.gob.pe/api/auth/login');
const token = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('session cookie', () => {
	it('is HttpOnly and SameSite=Lax, and over HTTPS also Secure with the __Host- prefix', () => {
		expect(sessionCookie(http, token, 3600)).toBe(
			`ayni_session=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600`
		);
		expect(sessionCookie(https, token, 3600)).toBe(
			`__Host-ayni_session=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure`
		);
		expect(sessionCookieName(https)).toBe('__Host-ayni_session');
	});

	it('reads a Bearer token first, else the cookie named for the protocol', () => {
		const request = (headers: Record<string, string>) => new Request(http, { headers });
		expect(readSessionToken(request({ authorization: `Bearer ${token}` }), http)).toBe(token);
		expect(readSessionToken(request({ cookie: `a=1; ayni_session=${token}` }), http)).toBe(token);
		expect(readSessionToken(request({ cookie: `ayni_session=${token}` }), https)).toBeUndefined();
		expect(readSessionToken(request({ cookie: 'ayni_session=../../x' }), http)).toBeUndefined();
		expect(readSessionToken(request({ authorization: 'Basic abc' }), http)).toBeUndefined();
	});
});
