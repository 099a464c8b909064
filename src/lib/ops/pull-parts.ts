// Which ops a pull gives whom, as far as the server and the in-memory test server must agree
// (docs/sync.md): what every member sees, and how a new phone's first pull is split in two.
import { settlementCycles } from '$lib/domain/op-payloads';
import { periodContaining } from '$lib/domain/settlement-period';
import { todayInLima } from './business-date';

/** What every member sees: the association's rules and prices, and which months are closed. */
export const associationWideTypes = [
	'association.configured',
	'price.set',
	'period.closed',
	'period.reopened'
];

/**
 * What a new phone takes first, whatever its date (`part=recent`): the association's rules,
 * prices, closed months and every socio, without which the running period's figures mean nothing.
 */
export const bookTypes = [
	...associationWideTypes,
	'member.registered',
	'member.updated',
	'member.retired'
];

/**
 * The recent part's first date: the first day of the settlement period holding today in Lima, in
 * the cycle the association configured last (monthly when it named none this version knows).
 */
export function recentPartSince(cycle: unknown, nowMs: number): string {
	const known = settlementCycles.find((name) => name === cycle) ?? 'mensual';
	return periodContaining(todayInLima(nowMs), known).from;
}
