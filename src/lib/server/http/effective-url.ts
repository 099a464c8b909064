// The request's URL as the client used it. adapter-node builds it from ORIGIN, or from
// PROTOCOL_HEADER/HOST_HEADER behind a proxy; with neither it assumes https. Ayni is often served
// as `npm start` on a village laptop and opened from phones at http://192.168.x.x:3000, where that
// guess would make every Origin check fail and the session cookie Secure (dropped by the phone's
// browser over plain HTTP). When nothing was configured, the connection itself says whether it
// was TLS. Behind a TLS proxy, set ORIGIN or PROTOCOL_HEADER as adapter-node documents.
import type { RequestEvent } from '@sveltejs/kit';

interface NodePlatform {
	req?: { socket?: { encrypted?: boolean } };
}

export function effectiveUrl(
	event: Pick<RequestEvent, 'url' | 'platform'>,
	env: Record<string, string | undefined> = process.env
): URL {
	if (env.ORIGIN || env.PROTOCOL_HEADER) return event.url;
	const socket = (event.platform as NodePlatform | undefined)?.req?.socket;
	if (!socket || socket.encrypted || event.url.protocol !== 'https:') return event.url;
	const url = new URL(event.url);
	url.protocol = 'http:';
	return url;
}
