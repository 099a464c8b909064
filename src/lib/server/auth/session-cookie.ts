// The browser's session cookie. HttpOnly keeps it from scripts; SameSite=Lax keeps it off
// cross-site requests; over HTTPS it is also Secure and carries the `__Host-` prefix, which pins it
// to this exact host and path "/". Whether the request came over HTTPS is read from the request's
// URL (adapter-node builds it from ORIGIN or PROTOCOL_HEADER behind a proxy).

const plainName = 'ayni_session';
const hostOnlyName = '__Host-ayni_session';

export function sessionCookieName(url: URL): string {
	return url.protocol === 'https:' ? hostOnlyName : plainName;
}

export function sessionCookie(url: URL, token: string, maxAgeSeconds: number): string {
	const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(maxAgeSeconds)}`];
	if (url.protocol === 'https:') attributes.push('Secure');
	return [`${sessionCookieName(url)}=${token}`, ...attributes].join('; ');
}

export function expiredSessionCookie(url: URL): string {
	return sessionCookie(url, '', 0);
}

/** The caller's session token: a Bearer header (scripts, DESIGN.md section 5) or the cookie. */
export function readSessionToken(request: Request, url: URL): string | undefined {
	const authorization = request.headers.get('authorization');
	if (authorization) {
		const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization.trim());
		return match?.[1];
	}
	const wanted = sessionCookieName(url);
	for (const part of (request.headers.get('cookie') ?? '').split(';')) {
		const separator = part.indexOf('=');
		if (separator < 0) continue;
		if (part.slice(0, separator).trim() !== wanted) continue;
		const value = part.slice(separator + 1).trim();
		return /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : undefined;
	}
	return undefined;
}
