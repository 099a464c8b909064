import { describe, expect, it } from 'vitest';
import { hlcText } from './envelope';
import {
	formatHlc,
	hlcCounterMax,
	hlcMaxDriftMs,
	parseHlc,
	receiveHlc,
	tickHlc,
	type HlcState
} from './hlc';

const device = 'phone-A-0001';
const t0 = Date.UTC(2025, 2, 1, 11, 0, 0);

describe('hybrid logical clock', () => {
	it('follows the phone clock when it moves forward', () => {
		expect(tickHlc({ ms: t0, counter: 7 }, t0 + 5)).toEqual({ ms: t0 + 5, counter: 0 });
	});

	it('stays monotonic when the phone clock jumps back an hour', () => {
		const before = tickHlc({ ms: 0, counter: 0 }, t0);
		const after = tickHlc(before, t0 - 3_600_000);
		expect(formatHlc(after, device) > formatHlc(before, device)).toBe(true);
		expect(after).toEqual({ ms: t0, counter: 1 });
	});

	it('gives 100,000 ops in one millisecond increasing, valid clock values', () => {
		let state: HlcState = { ms: 0, counter: 0 };
		let previous = '';
		for (let index = 0; index < 100_000; index++) {
			state = tickHlc(state, t0);
			const text = formatHlc(state, device);
			if (!(text > previous)) throw new Error(`not increasing at ${index}: ${text}`);
			previous = text;
		}
		expect(hlcText.safeParse(previous).success).toBe(true);
		expect(parseHlc(previous)).toEqual({ ms: t0, counter: 99_999 });
	});

	it('never overflows the six-digit counter: it moves to the next millisecond instead', () => {
		const full = { ms: t0, counter: hlcCounterMax };
		const next = tickHlc(full, t0);
		expect(next).toEqual({ ms: t0 + 1, counter: 0 });
		expect(formatHlc(next, device) > formatHlc(full, device)).toBe(true);
		expect(hlcText.safeParse(formatHlc(full, device)).success).toBe(true);
	});

	it('moves past a remote clock it receives', () => {
		const local = { ms: t0, counter: 3 };
		const remote = { ms: t0 + 1000, counter: 9 };
		const received = receiveHlc(local, remote, t0);
		expect(received).toEqual({ ok: true, state: { ms: t0 + 1000, counter: 10 } });
		const same = receiveHlc(local, { ms: t0, counter: 8 }, t0);
		expect(same).toEqual({ ok: true, state: { ms: t0, counter: 9 } });
		expect(receiveHlc(local, { ms: t0 - 5000, counter: 0 }, t0 + 10)).toEqual({
			ok: true,
			state: { ms: t0 + 10, counter: 0 }
		});
	});

	it('refuses a remote clock more than 24 h ahead, and accepts one just within', () => {
		const local = { ms: t0, counter: 0 };
		expect(receiveHlc(local, { ms: t0 + hlcMaxDriftMs + 1, counter: 0 }, t0)).toEqual({
			ok: false,
			code: 'hlc_must_not_be_more_than_24h_ahead'
		});
		expect(receiveHlc(local, { ms: t0 + hlcMaxDriftMs, counter: 0 }, t0).ok).toBe(true);
	});

	it('sorts as text in the order of its parts', () => {
		const a = formatHlc({ ms: 999, counter: 999_999 }, device);
		const b = formatHlc({ ms: 1000, counter: 0 }, device);
		expect(a < b).toBe(true);
		expect(parseHlc(b)).toEqual({ ms: 1000, counter: 0 });
	});
});
