import { describe, expect, it } from 'vitest';
import { effectiveUrl } from './effective-url';

const guessed = new URL('https://192.168.1.20:3000/api/auth/login');
const plainSocket = { req: { socket: { encrypted: false } } };

describe('effective URL', () => {
	it('corrects adapter-node’s https guess on a plain connection when nothing is configured', () => {
		expect(effectiveUrl({ url: guessed, platform: plainSocket }, {}).origin).toBe(
			'http://192.168.1.20:3000'
		);
	});

	it('keeps the URL when ORIGIN or PROTOCOL_HEADER is set, or the socket is TLS', () => {
		expect(effectiveUrl({ url: guessed, platform: plainSocket }, { ORIGIN: 'https://x' })).toBe(
			guessed
		);
		expect(
			effectiveUrl(
				{ url: guessed, platform: plainSocket },
				{ PROTOCOL_HEADER: 'x-forwarded-proto' }
			)
		).toBe(guessed);
		const tls = { req: { socket: { encrypted: true } } };
		expect(effectiveUrl({ url: guessed, platform: tls }, {})).toBe(guessed);
		expect(effectiveUrl({ url: guessed, platform: undefined }, {})).toBe(guessed);
	});
});
