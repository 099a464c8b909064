// Valuing one month of a 500-member association (30,000 deliveries, liters × price with fat
// bands, failed alcohol tests, rejected liters) and posting its statements to the ledger, against
// an integer-only floor that computes the same totals by hand in the same process.
// Run: `npx tsx bench/domain.bench.ts` (or `npm run bench -- domain`).
import {
	accountBalances,
	compilePriceSchedule,
	computeSettlements,
	journalFromOps,
	moneyToCents,
	type Deduction,
	type DeliveryRecord,
	type DomainOp
} from '../src/lib/domain/index';
import {
	createRandom,
	generateDeliveries,
	makeMembers,
	monthPrices
} from '../tests/fixtures/domain-month';

const memberCount = 500;
const period = '2024-06';
const periodFrom = `${period}-01`;
const periodTo = `${period}-30`;
const runs = 31;
// V8 reaches its optimised code for these loops only after a few dozen calls; figures before
// that measure the JIT, not the design.
const warmups = 150;
const target = 1.5;

const random = createRandom(500);
const members = makeMembers(memberCount, random);
const deliveries = generateDeliveries({ members, period, random });
const prices = monthPrices(period);
const voidedIds = new Set(
	deliveries.filter(() => random.chance(0.002)).map((delivery) => delivery.id)
);
const deductionsByMember = new Map<string, Deduction[]>();
for (const member of members) {
	if (!random.chance(0.25)) continue;
	const cents = random.int(2_000, 20_000);
	deductionsByMember.set(member.memberId, [
		{
			kind: 'adelanto',
			sourceId: member.memberId.replace(/^.{8}/, 'aaaaaaaa'),
			amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
			description: 'Adelanto'
		}
	]);
}
const settlementIds = new Map(
	members.map((member) => [member.memberId, member.memberId.replace(/^.{8}/, 'bbbbbbbb')])
);
/** The hybrid logical clock each statement op gets, made by the client when it issues it. */
const settlementHlcs = new Map(
	members.map((member, index) => [
		member.memberId,
		`${1_719_792_000_000 + index * 7}:000000:dev-tesoreria`
	])
);
if (deliveries.length !== 30_000)
	throw new Error(`expected 30,000 deliveries, got ${deliveries.length}`);

type Totals = { grossCents: number; netCents: number };

/** The domain path: statements from the domain, posted by the ledger, totals read back from it. */
function domainRun(): Totals {
	const schedule = compilePriceSchedule(prices);
	const results = computeSettlements({
		periodFrom,
		periodTo,
		deliveries,
		schedule,
		voidedIds,
		deductionsByMember,
		settlementIdFor: (memberId) => settlementIds.get(memberId) ?? ''
	});
	const ops: DomainOp[] = [];
	let netCents = 0;
	for (const result of results) {
		if (!result.ok) throw new Error(result.rule);
		netCents += moneyToCents(result.payload.net);
		ops.push({
			id: result.payload.settlementId,
			type: 'settlement.issued',
			date: periodTo,
			hlc: settlementHlcs.get(result.payload.memberId) ?? '',
			payload: result.payload
		});
	}
	const balances = accountBalances(journalFromOps(ops));
	return { grossCents: balances.get('601') ?? 0, netCents };
}

// ── The floor: integers only, written by hand for exactly this month's rules ──────────────────

function scaled(text: string, scale: number): number {
	let value = 0;
	let decimals = -1;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === 46) decimals = 0;
		else {
			value = value * 10 + (code - 48);
			if (decimals >= 0) decimals++;
		}
	}
	for (let places = decimals < 0 ? 0 : decimals; places < scale; places++) value *= 10;
	return value;
}

/** Price slots: [first half, second half] × [no adjustment, -0.0500, +0.0400, +0.0825]. */
const slotPrices = [13_000, 12_500, 13_400, 13_825, 13_525, 13_025, 13_925, 14_350];

function floorRun(): Totals {
	const slotsByMember = new Map<string, number[]>();
	for (const delivery of deliveries as readonly DeliveryRecord[]) {
		if (voidedIds.has(delivery.id)) continue;
		const payload = delivery.payload;
		if (payload.alcoholTest === 'fail') continue;
		let centiliters = scaled(payload.liters, 2);
		if (payload.rejectedLiters !== undefined) {
			centiliters -= Math.min(centiliters, scaled(payload.rejectedLiters, 2));
		}
		if (centiliters === 0) continue;
		const fat = payload.fatPct === undefined ? -1 : scaled(payload.fatPct, 3);
		const band = fat < 0 ? 0 : fat < 3200 ? 1 : fat < 3600 ? 0 : fat < 4000 ? 2 : 3;
		const slot = (delivery.date < '2024-06-16' ? 0 : 4) + band;
		let slots = slotsByMember.get(payload.memberId);
		if (slots === undefined) {
			slots = [0, 0, 0, 0, 0, 0, 0, 0];
			slotsByMember.set(payload.memberId, slots);
		}
		slots[slot] = (slots[slot] ?? 0) + centiliters;
	}
	let grossCents = 0;
	let netCents = 0;
	for (const [memberId, slots] of slotsByMember) {
		let memberGross = 0;
		for (let slot = 0; slot < 8; slot++) {
			const exact = (slots[slot] ?? 0) * (slotPrices[slot] ?? 0);
			memberGross += Math.floor((exact + 5_000) / 10_000);
		}
		grossCents += memberGross;
		let deducted = 0;
		for (const deduction of deductionsByMember.get(memberId) ?? []) {
			deducted += scaled(deduction.amount, 2);
		}
		netCents += memberGross - deducted;
	}
	return { grossCents, netCents };
}

function time(run: () => Totals): { ms: number; totals: Totals } {
	const started = performance.now();
	const totals = run();
	return { ms: performance.now() - started, totals };
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

for (let index = 0; index < warmups; index++) {
	domainRun();
	floorRun();
}
const domainMs: number[] = [];
const floorMs: number[] = [];
// Each run pairs the two sides back to back, so a slow moment of a shared machine slows both;
// the figure is the median of those paired ratios.
const ratios: number[] = [];
let domainTotals: Totals | undefined;
let floorTotals: Totals | undefined;
for (let index = 0; index < runs; index++) {
	// Alternate the order so neither side always runs on a warmer heap.
	const pair =
		index % 2 === 0
			? [time(domainRun), time(floorRun)]
			: [time(floorRun), time(domainRun)].reverse();
	const [domain, floor] = pair as [ReturnType<typeof time>, ReturnType<typeof time>];
	domainMs.push(domain.ms);
	floorMs.push(floor.ms);
	ratios.push(domain.ms / floor.ms);
	domainTotals = domain.totals;
	floorTotals = floor.totals;
}

const identical =
	domainTotals !== undefined &&
	floorTotals !== undefined &&
	domainTotals.grossCents === floorTotals.grossCents &&
	domainTotals.netCents === floorTotals.netCents;
const ratio = median(ratios);
const round = (value: number) => Math.round(value * 100) / 100;

console.log(
	JSON.stringify({
		bench: 'domain.value-month',
		value: round(ratio),
		unit: 'x integer floor',
		target,
		ok: ratio <= target && identical
	})
);
console.log(
	JSON.stringify({
		bench: 'domain.value-month.domain-ms',
		value: round(median(domainMs)),
		unit: 'ms'
	})
);
console.log(
	JSON.stringify({
		bench: 'domain.value-month.floor-ms',
		value: round(median(floorMs)),
		unit: 'ms'
	})
);
console.log(
	JSON.stringify({
		bench: 'domain.value-month.totals-identical',
		value: identical ? 1 : 0,
		unit: 'boolean',
		target: 1,
		ok: identical,
		grossCents: domainTotals?.grossCents,
		floorGrossCents: floorTotals?.grossCents,
		netCents: domainTotals?.netCents,
		floorNetCents: floorTotals?.netCents
	})
);
