// Runs inside the built app's page (bundled by esbuild in bench/collection-settlement.bench.ts):
// fills the app's own IndexedDB through the store's own apply code, so the projections are the
// real ones. A month is generated, applied and dropped before the next, so 24 months of a
// 500-member book never sit in memory at once.
import { applyRemote } from '../../src/lib/store/apply-remote';
import { generateBook } from '../../tests/fixtures/ops-generator';

type SeedOptions = {
	members: number;
	/** First day of the history; deliveries only (no statements), up to `fortnightFrom`. */
	historyFrom: string;
	/** The fortnights to issue in the benchmark get deliveries, advances and charges. */
	fortnightFrom: string;
	fortnightDays: number;
};

function addDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

async function apply(ops: readonly unknown[]): Promise<void> {
	const result = await applyRemote(ops, { status: 'synced' });
	if (!result.ok || result.refused.length > 0) {
		throw new Error(`seed refused: ${JSON.stringify(result).slice(0, 500)}`);
	}
}

async function seed(options: SeedOptions): Promise<{ ops: number }> {
	const seedNumber = 500;
	let count = 0;
	// Setup (association, members, price) and the history's first day.
	const setup = generateBook({
		seed: seedNumber,
		members: options.members,
		days: 1,
		startDate: options.historyFrom,
		settlements: false,
		sales: false,
		closeMonths: false,
		memberChanges: false,
		advancesPerMonth: 0,
		chargesPerMonth: 0,
		deliveryVoidRate: 0
	});
	await apply(setup.ops);
	count += setup.ops.length;
	// The history, a month (or what is left of it) at a time.
	let from = addDays(options.historyFrom, 1);
	while (from < options.fortnightFrom) {
		const days = Math.min(31, daysBetween(from, options.fortnightFrom));
		const book = generateBook({
			seed: seedNumber,
			members: options.members,
			days,
			startDate: from,
			skipSetup: true,
			deliveriesOnly: true
		});
		await apply(book.ops);
		count += book.ops.length;
		from = addDays(from, days);
	}
	// The fortnights to issue: deliveries with advances and input charges, no statements yet.
	// The same seed draws the same members first; the dates make every op id new.
	const recent = generateBook({
		seed: seedNumber,
		members: options.members,
		days: options.fortnightDays,
		startDate: options.fortnightFrom,
		skipSetup: true,
		settlements: false,
		sales: false,
		closeMonths: false,
		memberChanges: false
	});
	await apply(recent.ops);
	count += recent.ops.length;
	return { ops: count };
}

(globalThis as unknown as { ayniSeed: typeof seed }).ayniSeed = seed;
