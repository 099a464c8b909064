// Hybrid logical clock (Kulkarni et al.): physical milliseconds plus a counter, written as sortable
// text "<13-digit ms>:<6-digit counter>:<deviceId>". Ops compare by it for last-writer-wins, so it
// must never go backwards on a device, even when the phone's clock is set back.

/** The part of the clock a device keeps between ops; the device id is added when formatting. */
export interface HlcState {
	ms: number;
	counter: number;
}

export const hlcCounterMax = 999_999;
/** A remote clock further ahead than this is a broken phone clock, not a fact to follow. */
export const hlcMaxDriftMs = 24 * 60 * 60 * 1000;

export const hlcZero: HlcState = { ms: 0, counter: 0 };

/**
 * The clock value for a new local event. Monotonic: when `nowMs` is not ahead of the last value
 * the counter grows, and when the counter is full the logical milliseconds move on by one, so the
 * counter never overflows its six digits.
 */
export function tickHlc(state: HlcState, nowMs: number): HlcState {
	if (nowMs > state.ms) return { ms: nowMs, counter: 0 };
	return increment(state.ms, state.counter);
}

export type ReceiveHlcResult =
	{ ok: true; state: HlcState } | { ok: false; code: 'hlc_must_not_be_more_than_24h_ahead' };

/**
 * Merges a clock value seen on an op from another device, so that every later local op sorts after
 * it. A remote clock more than 24 h ahead of this phone's is refused: following it would let one
 * wrong phone win every last-writer-wins decision for as long as its clock is wrong.
 */
export function receiveHlc(state: HlcState, remote: HlcState, nowMs: number): ReceiveHlcResult {
	if (remote.ms > nowMs + hlcMaxDriftMs) {
		return { ok: false, code: 'hlc_must_not_be_more_than_24h_ahead' };
	}
	const ms = Math.max(state.ms, remote.ms, nowMs);
	if (ms === state.ms && ms === remote.ms) {
		return { ok: true, state: increment(ms, Math.max(state.counter, remote.counter)) };
	}
	if (ms === state.ms) return { ok: true, state: increment(ms, state.counter) };
	if (ms === remote.ms) return { ok: true, state: increment(ms, remote.counter) };
	return { ok: true, state: { ms, counter: 0 } };
}

function increment(ms: number, counter: number): HlcState {
	return counter < hlcCounterMax ? { ms, counter: counter + 1 } : { ms: ms + 1, counter: 0 };
}

export function formatHlc(state: HlcState, deviceId: string): string {
	return `${String(state.ms).padStart(13, '0')}:${String(state.counter).padStart(6, '0')}:${deviceId}`;
}

/** Reads the clock part of an HLC text; the caller has validated it against `hlcText`. */
export function parseHlc(text: string): HlcState {
	return { ms: Number(text.slice(0, 13)), counter: Number(text.slice(14, 20)) };
}

/** The later of two states (device ids aside): what a device must remember after seeing both. */
export function maxHlc(a: HlcState, b: HlcState): HlcState {
	if (a.ms !== b.ms) return a.ms > b.ms ? a : b;
	return a.counter >= b.counter ? a : b;
}
