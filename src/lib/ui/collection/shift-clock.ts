// Which collection shift it is now in the valley: the morning shift until noon in America/Lima,
// the afternoon shift after it. Peru has one zone and no daylight saving, so a fixed offset-free
// formatter is enough, whatever zone the phone is set to.
import type { PayloadOf } from '$lib/domain/op-payloads';

export type Shift = PayloadOf<'delivery.recorded'>['shift'];

const limaClock = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'America/Lima',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	hourCycle: 'h23'
});

/** Today's business date and the shift in course: "am" before 12:00 in Lima, "pm" from 12:00. */
export function currentShift(nowMs: number = Date.now()): { date: string; shift: Shift } {
	const parts = Object.fromEntries(
		limaClock.formatToParts(nowMs).map((part) => [part.type, part.value])
	) as Record<string, string>;
	const date = `${parts.year}-${parts.month}-${parts.day}`;
	return { date, shift: Number(parts.hour) < 12 ? 'am' : 'pm' };
}

export function isShift(text: string | null): text is Shift {
	return text === 'am' || text === 'pm';
}
