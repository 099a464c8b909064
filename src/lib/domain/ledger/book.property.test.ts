// The ledger's invariants on 10,000 random op sequences: every entry balances, the trial balance
// of every period sums to 0.00, and a book updated op by op — in any arrival order, with
// duplicates, with voids before their targets — equals the book rebuilt from scratch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../../../tests/fixtures/domain-month';
import { centsToMoney, moneyToCents } from '../money';
import type { DomainOp } from '../op-payloads';
import { addOpToBook, bookEntries, bookPeriodBalances, createBook, journalFromOps } from './book';
import type { JournalEntry } from './journal';
import { accountBalances, trialBalance, validateLedger } from './reports';

const members = [
	'0190c000-0000-7000-8000-000000000001',
	'0190c000-0000-7000-8000-000000000002',
	'0190c000-0000-7000-8000-000000000003'
];
const periods = ['2024-04', '2024-05', '2024-06'];
const methods = ['efectivo', 'transferencia', 'yape', 'plin'] as const;
const chargeKinds = ['insumo', 'cuota', 'aporte', 'transporte', 'otro'] as const;

function uuid(random: Random): string {
	const hex = () => random.int(0, 0xffff).toString(16).padStart(4, '0');
	return `${hex()}${hex()}-${hex()}-7${hex().slice(1)}-8${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

/** Mostly everyday amounts, sometimes zero or large. */
function amount(random: Random): string {
	const roll = random.next();
	return centsToMoney(
		roll < 0.05 ? 0 : roll < 0.9 ? random.int(1, 50_000) : random.int(1, 1_000_000_000)
	);
}

/** A random but well-formed op log of an association: the ops a sync could deliver. */
function randomOps(random: Random, length: number): DomainOp[] {
	const ops: DomainOp[] = [];
	const moneyOps: DomainOp[] = [];
	const deductible: {
		kind: 'adelanto' | (typeof chargeKinds)[number];
		id: string;
		amount: string;
	}[] = [];
	for (let index = 0; index < length; index++) {
		const id = uuid(random);
		const date = `${random.pick(periods)}-${String(random.int(1, 28)).padStart(2, '0')}`;
		// Devices' clocks: mostly in recording order, sometimes an offline device far behind.
		const hlc = `${String(1_712_000_000_000 + index * 1000 - (random.chance(0.2) ? random.int(0, 900_000) : 0)).padStart(13, '0')}:${String(random.int(0, 3)).padStart(6, '0')}:dev${random.int(1, 3)}`;
		const memberId = random.pick(members);
		const roll = random.next();
		let made: DomainOp;
		if (roll < 0.14) {
			const value = amount(random);
			made = {
				id,
				date,
				hlc,
				type: 'advance.given',
				payload: { memberId, amount: value, method: random.pick(methods) }
			};
			deductible.push({ kind: 'adelanto', id, amount: value });
		} else if (roll < 0.3) {
			const kind = random.pick(chargeKinds);
			const value = amount(random);
			made = {
				id,
				date,
				hlc,
				type: 'charge.recorded',
				payload: { memberId, kind, amount: value, description: 'Cargo' }
			};
			deductible.push({ kind, id, amount: value });
		} else if (roll < 0.42) {
			const lines = Array.from({ length: random.int(0, 3) }, () => ({
				description: 'Leche',
				liters: String(random.int(0, 2000)),
				pricePerLiter: '1.3000',
				amount: amount(random)
			}));
			const deductions = deductible.splice(0, random.int(0, deductible.length)).map((source) => ({
				kind: source.kind,
				sourceId: source.id,
				amount: source.amount,
				description: 'Descuento'
			}));
			const grossCents = lines.reduce((sum, line) => sum + moneyToCents(line.amount), 0);
			const carriedInCents = random.chance(0.2) ? -random.int(1, 10_000) : 0;
			const deductedCents = deductions.reduce(
				(sum, deduction) => sum + moneyToCents(deduction.amount),
				0
			);
			made = {
				id,
				date,
				hlc,
				type: 'settlement.issued',
				payload: {
					settlementId: uuid(random),
					memberId,
					periodFrom: `${date.slice(0, 7)}-01`,
					periodTo: date,
					lines,
					gross: centsToMoney(grossCents),
					deductions,
					carriedIn: centsToMoney(carriedInCents),
					net: centsToMoney(grossCents - deductedCents + carriedInCents)
				}
			};
		} else if (roll < 0.52) {
			made = {
				id,
				date,
				hlc,
				type: 'payment.made',
				payload: { memberId, amount: amount(random), method: random.pick(methods) }
			};
		} else if (roll < 0.6) {
			const total = amount(random);
			made = {
				id,
				date,
				hlc,
				type: 'sale.recorded',
				payload: {
					saleId: uuid(random),
					buyer: 'Planta',
					lines: [{ item: 'Leche', quantity: '1', unit: 'unidad', unitPrice: '1' }],
					total,
					terms: random.pick(['contado', 'credito'] as const)
				}
			};
		} else if (roll < 0.66) {
			made = {
				id,
				date,
				hlc,
				type: 'sale.collected',
				payload: { saleId: uuid(random), amount: amount(random), method: random.pick(methods) }
			};
		} else if (roll < 0.74) {
			made = {
				id,
				date,
				hlc,
				type: 'expense.recorded',
				payload: {
					category: 'Luz',
					amount: amount(random),
					description: 'Gasto',
					paidFrom: random.pick(['caja', 'banco'] as const)
				}
			};
		} else if (roll < 0.9 && moneyOps.length > 0) {
			// A void: usually of a real op of its own kind, sometimes of another kind or of nothing.
			const target = random.pick(moneyOps);
			const entity = random.chance(0.85)
				? target.type.split('.')[0]
				: random.pick(['advance', 'charge', 'payment', 'sale', 'expense', 'settlement']);
			const targetId = random.chance(0.9) ? target.id : uuid(random);
			made = {
				id,
				date,
				hlc,
				type: `${entity}.voided` as 'advance.voided',
				payload: { targetId, reason: 'Error' }
			};
		} else {
			made = {
				id,
				date,
				hlc,
				type: 'delivery.recorded',
				payload: { memberId, shift: 'am', liters: String(random.int(1, 40)) }
			};
		}
		ops.push(made);
		if (!made.type.endsWith('.voided') && made.type !== 'delivery.recorded') moneyOps.push(made);
	}
	return ops;
}

/** Arrival order of a sync: shuffled, with some ops delivered twice. */
function arrivalOrder(random: Random, ops: readonly DomainOp[]): DomainOp[] {
	const arriving = [...ops, ...ops.filter(() => random.chance(0.15))];
	for (let index = arriving.length - 1; index > 0; index--) {
		const other = random.int(0, index);
		[arriving[index], arriving[other]] = [arriving[other] as DomainOp, arriving[index] as DomainOp];
	}
	return arriving;
}

const asMap = (balances: ReadonlyMap<string, number>) =>
	Object.fromEntries(
		[...balances].filter(([, cents]) => cents !== 0).sort(([a], [b]) => (a < b ? -1 : 1))
	);

const entryKey = (entries: readonly JournalEntry[]) =>
	entries
		.map((entry) => JSON.stringify(entry))
		.sort()
		.join('\n');

describe('ledger properties', () => {
	it('10,000 random op sequences: balanced entries, zero trial balances, incremental = rebuilt', () => {
		fc.assert(
			fc.property(fc.integer(), fc.integer({ min: 1, max: 40 }), (seed, length) => {
				const random = createRandom(seed);
				const ops = randomOps(random, length);
				const entries = journalFromOps(ops);

				expect(validateLedger(entries)).toEqual([]);
				for (const period of periods) {
					const rows = trialBalance(entries, { period });
					const sum = (field: 'debit' | 'credit' | 'balance') =>
						rows.reduce((total, row) => total + moneyToCents(row[field]), 0);
					expect(sum('balance')).toBe(0);
					expect(sum('debit')).toBe(sum('credit'));
				}

				const book = createBook();
				const live = new Map<string, JournalEntry>();
				const arriving = arrivalOrder(random, ops);
				const checkpoint = random.int(0, arriving.length);
				arriving.forEach((arrived, index) => {
					const change = addOpToBook(book, arrived);
					for (const removed of change.removed) live.delete(removed.id);
					for (const added of change.added) live.set(added.id, added);
					if (index + 1 === checkpoint) {
						// Halfway through a sync, the book equals a rebuild of what has arrived so far.
						const sofar = journalFromOps(arriving.slice(0, checkpoint));
						expect(entryKey(bookEntries(book))).toBe(entryKey(sofar));
					}
				});

				expect(JSON.stringify(bookEntries(book))).toBe(JSON.stringify(entries));
				expect(entryKey([...live.values()])).toBe(entryKey(entries));
				for (const period of periods) {
					expect(asMap(bookPeriodBalances(book, period))).toEqual(
						asMap(accountBalances(entries, { period }))
					);
				}
			}),
			{ numRuns: 10_000 }
		);
	});
});
