// The association book: the journal as a projection of the op log. Ops may arrive in any order,
// twice, or with a void before the op it voids (sync is a union of sets); the book posts the same
// entries and keeps the same balances whatever the arrival order, and says what each op changed.
import type { DomainOp } from '../op-payloads';
import { defaultChart, type Chart } from './accounts';
import { periodOf, type EntryRefusal, type JournalEntry } from './journal';
import {
	isPostingOp,
	isVoidOp,
	postOp,
	postVoid,
	voidMatchesTarget,
	type PostingOp,
	type VoidOp
} from './postings';

/** An op the ledger could not post, with the rule it breaks; the op itself stays in the log. */
export type BookProblem = {
	opId: string;
	rule: EntryRefusal | 'void_target_must_exist' | 'void_must_match_target_type';
	detail: string;
};

/** What adding one op did to the journal: entries to add, entries (of a losing void) to drop. */
export type BookChange = { added: JournalEntry[]; removed: JournalEntry[] };

/**
 * The book's state. It is mutated in place by `addOpToBook` — a projection updated op by op, as
 * the store does for every projection — but only through that function, so it stays a pure
 * function of the set of ops added.
 */
export type Book = {
	readonly chart: Chart;
	readonly ops: Map<string, DomainOp>;
	/** The entry each posting op posted (null: it posts nothing or was refused). */
	readonly posted: Map<string, JournalEntry | null>;
	/** Every void seen, by the op id it targets, whether or not the target has arrived. */
	readonly voidsByTarget: Map<string, VoidOp[]>;
	/** The void in effect for a target, and the reversal it posted. */
	readonly effectiveVoid: Map<string, { voidOp: VoidOp; reversal: JournalEntry | null }>;
	readonly refusals: Map<string, BookProblem>;
	/** Whether `balances` is kept; a one-off rebuild of the journal can skip it. */
	readonly tracksBalances: boolean;
	/** Signed céntimos per account per period (YYYY-MM), kept up to date entry by entry. */
	readonly balances: Map<string, Map<string, number>>;
};

export function createBook(
	chart: Chart = defaultChart,
	{ tracksBalances = true }: { tracksBalances?: boolean } = {}
): Book {
	return {
		chart,
		tracksBalances,
		ops: new Map(),
		posted: new Map(),
		voidsByTarget: new Map(),
		effectiveVoid: new Map(),
		refusals: new Map(),
		balances: new Map()
	};
}

/** The order ops are applied and listed in: business date, then hybrid logical clock, then id. */
export function compareOps(
	a: Pick<DomainOp, 'date' | 'hlc' | 'id'>,
	b: Pick<DomainOp, 'date' | 'hlc' | 'id'>
): number {
	if (a.date !== b.date) return a.date < b.date ? -1 : 1;
	if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Adds one op to the book. Idempotent: an op id already in the book changes nothing, so a retried
 * or re-pulled op is harmless. Ops of the private book and types that move no money are ignored.
 */
export function addOpToBook(book: Book, op: DomainOp & { scope?: string }): BookChange {
	const change: BookChange = { added: [], removed: [] };
	if (op.scope === 'private' || book.ops.has(op.id)) return change;
	if (isPostingOp(op)) {
		book.ops.set(op.id, op);
		const entry = post(book, op);
		book.posted.set(op.id, entry);
		if (entry) addEntry(book, entry, change);
		if (book.voidsByTarget.has(op.id)) settleVoid(book, op.id, change);
	} else if (isVoidOp(op)) {
		book.ops.set(op.id, op);
		const targetId = op.payload.targetId;
		const voids = book.voidsByTarget.get(targetId) ?? [];
		voids.push(op);
		book.voidsByTarget.set(targetId, voids);
		settleVoid(book, targetId, change);
	}
	return change;
}

function post(book: Book, op: PostingOp): JournalEntry | null {
	const result = postOp(op, book.chart);
	if (result === null) return null;
	if (!result.ok) {
		book.refusals.set(op.id, { opId: op.id, rule: result.reason, detail: result.detail });
		return null;
	}
	return result.entry;
}

/**
 * Decides which void of a target is in effect — the earliest by (date, hlc, id) among those of
 * the target's own entity — and swaps reversals if that changed. Every device sees the same
 * voids once synced, so every device reaches the same choice.
 */
function settleVoid(book: Book, targetId: string, change: BookChange): void {
	const target = book.ops.get(targetId);
	const voids = book.voidsByTarget.get(targetId) ?? [];
	let winner: VoidOp | undefined;
	if (target) {
		for (const candidate of voids) {
			if (!voidMatchesTarget(candidate, target)) continue;
			if (!winner || compareOps(candidate, winner) < 0) winner = candidate;
		}
	}
	const current = book.effectiveVoid.get(targetId);
	if (current?.voidOp.id === winner?.id) return;
	if (current) {
		book.effectiveVoid.delete(targetId);
		if (current.reversal) removeEntry(book, current.reversal, change);
	}
	if (winner) {
		const targetEntry = book.posted.get(targetId) ?? null;
		const reversal = targetEntry ? postVoid(winner, targetEntry) : null;
		book.effectiveVoid.set(targetId, { voidOp: winner, reversal });
		if (reversal) addEntry(book, reversal, change);
	}
}

function addEntry(book: Book, entry: JournalEntry, change: BookChange): void {
	if (book.tracksBalances) applyToBalances(book.balances, entry, 1);
	change.added.push(entry);
}

function removeEntry(book: Book, entry: JournalEntry, change: BookChange): void {
	if (book.tracksBalances) applyToBalances(book.balances, entry, -1);
	change.removed.push(entry);
}

function applyToBalances(
	balances: Map<string, Map<string, number>>,
	entry: JournalEntry,
	sign: 1 | -1
): void {
	const period = periodOf(entry.date);
	let accounts = balances.get(period);
	if (!accounts) {
		accounts = new Map();
		balances.set(period, accounts);
	}
	for (const line of entry.lines) {
		const next = (accounts.get(line.account) ?? 0) + sign * line.amountCents;
		if (next === 0) accounts.delete(line.account);
		else accounts.set(line.account, next);
	}
}

/** Every entry in effect, in the order of the ops that posted them (date, hlc, id). */
export function bookEntries(book: Book): JournalEntry[] {
	const producers: { op: DomainOp; entry: JournalEntry }[] = [];
	for (const [opId, entry] of book.posted) {
		const op = book.ops.get(opId);
		if (entry && op) producers.push({ op, entry });
	}
	for (const { voidOp, reversal } of book.effectiveVoid.values()) {
		if (reversal) producers.push({ op: voidOp, entry: reversal });
	}
	if (!isSorted(producers)) producers.sort((a, b) => compareOps(a.op, b.op));
	const entries: JournalEntry[] = [];
	for (const producer of producers) entries.push(producer.entry);
	return entries;
}

/** Ops are usually added in order already; checking is linear where sorting is not. */
function isSorted(producers: readonly { op: DomainOp }[]): boolean {
	for (let index = 1; index < producers.length; index++) {
		const previous = producers[index - 1];
		const current = producers[index];
		if (previous && current && compareOps(previous.op, current.op) > 0) return false;
	}
	return true;
}

function opsSorted(ops: readonly DomainOp[]): boolean {
	for (let index = 1; index < ops.length; index++) {
		const previous = ops[index - 1];
		const current = ops[index];
		if (previous && current && compareOps(previous, current) > 0) return false;
	}
	return true;
}

/** Ops the book could not post: refused entries, voids of unknown or mismatched targets. */
export function bookProblems(book: Book): BookProblem[] {
	const problems = [...book.refusals.values()];
	for (const [targetId, voids] of book.voidsByTarget) {
		const target = book.ops.get(targetId);
		for (const voidOp of voids) {
			if (!target) {
				problems.push({ opId: voidOp.id, rule: 'void_target_must_exist', detail: targetId });
			} else if (!voidMatchesTarget(voidOp, target)) {
				problems.push({
					opId: voidOp.id,
					rule: 'void_must_match_target_type',
					detail: `${voidOp.type} → ${target.type}`
				});
			}
		}
	}
	return problems.sort((a, b) => (a.opId < b.opId ? -1 : a.opId > b.opId ? 1 : 0));
}

/** Signed céntimos per account for one period, as the book keeps them incrementally. */
export function bookPeriodBalances(book: Book, period: string): ReadonlyMap<string, number> {
	return book.balances.get(period) ?? new Map();
}

/** Builds the book of a set of ops from scratch (the rebuild every projection must equal). */
export function buildBook(
	ops: readonly DomainOp[],
	chart: Chart = defaultChart,
	options: { tracksBalances?: boolean } = {}
): Book {
	const book = createBook(chart, options);
	const ordered = opsSorted(ops) ? ops : [...ops].sort(compareOps);
	for (const op of ordered) addOpToBook(book, op);
	return book;
}

/**
 * The journal of a set of ops (wire envelope, payload amounts as decimal strings): one entry per
 * op that moves money, one reversal per effective void, ordered by (date, hlc, id). Ops that
 * cannot post are left out; `bookProblems(buildBook(ops))` lists them.
 */
export function journalFromOps(
	ops: readonly DomainOp[],
	{ chart }: { chart?: Chart } = {}
): JournalEntry[] {
	return bookEntries(buildBook(ops, chart, { tracksBalances: false }));
}
