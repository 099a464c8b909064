import { describe, expect, it } from 'vitest';
import { packOps } from '$lib/ops/op-columns';
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { httpSyncTransport } from './sync-transport';

const ops = [1, 2, 3].map((seq) => ({
	id: makeUuidV7(),
	type: 'delivery.recorded',
	hlc: `17908888680${seq}0:000000:phone-aaaa`,
	payload: { memberId: 'm-1', shift: 'am', liters: `1${seq}.5` },
	seq
}));

function answering(body: unknown, seen: string[] = [], headers: Record<string, string> = {}) {
	return httpSyncTransport(async (url) => {
		seen.push(String(url));
		return new Response(JSON.stringify(body), {
			status: 200,
			headers: { 'content-type': 'application/json', ...headers }
		});
	});
}

const request = { associationId: 'a-1', after: 0, limit: 5000 };

describe('the pull over HTTP', () => {
	it('asks for pages packed by columns and hands the engine the ops', async () => {
		const seen: string[] = [];
		const pulled = await answering(
			{ pack: JSON.parse(JSON.stringify(packOps(ops))), next: 3, more: false, view: 'all' },
			seen
		).pull(request);
		expect(pulled).toEqual({ ok: true, value: { ops, next: 3, more: false, view: 'all' } });
		expect(new URL(seen[0]!, 'http://x').searchParams.get('format')).toBe('columns');
	});

	it('takes plain pages too, from a server that does not pack', async () => {
		const pulled = await answering({ ops, next: 3, more: true }).pull(request);
		expect(pulled).toEqual({ ok: true, value: { ops, next: 3, more: true } });
	});

	it('counts a broken pack as no answer, so the round retries and the cursor stays', async () => {
		const pack = JSON.parse(JSON.stringify(packOps(ops))) as { g: number[] };
		pack.g.push(0);
		expect(await answering({ pack, next: 3, more: false }).pull(request)).toEqual({
			ok: false,
			offline: true
		});
		expect(await answering({ next: 3, more: false }).pull(request)).toEqual({
			ok: false,
			offline: true
		});
	});

	it('says where the next page starts from the headers, before the body is read', async () => {
		const heard: unknown[] = [];
		const body = { ops, next: 3, more: true };
		const pulled = await answering(body, [], { 'x-ayni-next': '3', 'x-ayni-more': 'true' }).pull(
			request,
			{ onHeaders: (page) => heard.push(page) }
		);
		expect(pulled.ok).toBe(true);
		expect(heard).toEqual([{ next: 3, more: true }]);
		// Headers missing or garbled (a proxy): nothing is heard, the body still counts.
		const quiet = answering(body, [], { 'x-ayni-next': 'tres', 'x-ayni-more': 'true' });
		expect(await quiet.pull(request, { onHeaders: (page) => heard.push(page) })).toEqual(pulled);
		expect(heard).toHaveLength(1);
	});
});
