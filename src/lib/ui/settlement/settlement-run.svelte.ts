// The Liquidación screen's state: the chosen period, its plan (every member's statement as the
// domain computes it from the store's rows), and issuing it with progress. Components read
// getters; only `load` and `issue` change anything.
import { m } from '$lib/paraglide/messages.js';
import { todayInLima } from '$lib/ops/business-date';
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { db } from '$lib/store/db';
import { inForeground } from '$lib/store/foreground';
import type { MemberRow } from '$lib/store/schema';
import { yieldToMain } from '$lib/store/yield-to-main';
import {
	allPrices,
	deliveriesBetween,
	latestStatements,
	membersById,
	pendingDeductions,
	statementsEndingOn,
	statementsOfPeriod
} from '$lib/store/settlement-queries';
import { downloadCsv, statementsCsv } from './statements-csv';
import { formatDate, methodLabel } from './settlement-labels';
import {
	planSettlementsInGroups,
	type PlannedStatement,
	type SettlementPlan
} from './settlement-plan';
import type { SettlementPeriod } from '$lib/domain/settlement-period';
import type { IssueMessage, IssueRequest } from './issue.worker';
import {
	issueStatements,
	type IssueProgress,
	type IssueResult,
	type StatementDraft
} from './settlement-writes';

export type RunStatus = 'loading' | 'ready' | 'issuing' | 'failed';

export type RunNotice =
	{ kind: 'issued'; count: number; refused: number } | { kind: 'error'; text: string };

export class SettlementRun {
	#period = $state<SettlementPeriod | null>(null);
	#status = $state<RunStatus>('loading');
	#plan = $state.raw<SettlementPlan | null>(null);
	// Replaced as a whole on each load, never mutated: a plain Map in raw state is enough.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#members = $state.raw<ReadonlyMap<string, MemberRow>>(new Map());
	#progress = $state<IssueProgress | null>(null);
	#notice = $state<RunNotice | null>(null);
	/** Op ids per member and period, kept so that a retried "Emitir" reuses them. */
	// Not shown anywhere, so not reactive.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#opIds = new Map<string, { opId: string; settlementId: string }>();
	#loadCount = 0;

	get period(): SettlementPeriod | null {
		return this.#period;
	}
	get status(): RunStatus {
		return this.#status;
	}
	get plan(): SettlementPlan | null {
		return this.#plan;
	}
	get progress(): IssueProgress | null {
		return this.#progress;
	}
	get notice(): RunNotice | null {
		return this.#notice;
	}
	member(memberId: string): MemberRow | undefined {
		return this.#members.get(memberId);
	}

	/** The plan's statements, by member code, so a treasurer finds a member as on the paper list. */
	get statements(): PlannedStatement[] {
		const plan = this.#plan;
		if (!plan) return [];
		const code = (memberId: string) => this.#members.get(memberId)?.code ?? memberId;
		return [...plan.statements].sort((a, b) => (code(a.memberId) < code(b.memberId) ? -1 : 1));
	}

	/** Statements can be issued once the period's last day has come. */
	get periodEnded(): boolean {
		return this.#period !== null && todayInLima() >= this.#period.to;
	}

	get readyCount(): number {
		return this.#plan?.totals.ready ?? 0;
	}

	/** The reads and the plan go before a new phone's history (see foreground.ts). */
	load(period: SettlementPeriod, options: { keepNotice?: boolean } = {}): Promise<void> {
		return inForeground(() => this.#load(period, options));
	}

	async #load(period: SettlementPeriod, { keepNotice = false } = {}): Promise<void> {
		const load = ++this.#loadCount;
		this.#period = period;
		this.#status = 'loading';
		if (!keepNotice) this.#notice = null;
		try {
			// Let the screen show the change (a new period, a finished run) before the reads start.
			await yieldToMain();
			const [deliveries, prices, pending, latest, issued] = await Promise.all([
				deliveriesBetween(db, period),
				allPrices(db),
				pendingDeductions(db, { to: period.to }),
				latestStatements(db, { before: period.from }),
				statementsEndingOn(db, period.to)
			]);
			const plan = await planSettlementsInGroups(
				{
					period,
					deliveries,
					prices,
					advances: pending.advances,
					charges: pending.charges,
					latestStatements: latest.latest,
					payments: latest.payments,
					issuedForPeriod: issued,
					settlementIdFor: (memberId) => this.#idsFor(period, memberId).settlementId,
					describe: {
						advance: (row) =>
							m.liq_deduction_advance({
								date: formatDate(row.date),
								method: methodLabel(row.method)
							})
					}
				},
				{ pause: yieldToMain, groupSize: 50 }
			);
			const members = await membersById(
				db,
				plan.statements.map((statement) => statement.memberId)
			);
			if (load !== this.#loadCount) return;
			this.#plan = plan;
			this.#members = members;
			this.#status = 'ready';
		} catch (error) {
			if (load !== this.#loadCount) return;
			console.error('Ayni: planning statements failed', error);
			this.#status = 'failed';
		}
	}

	#idsFor(period: SettlementPeriod, memberId: string): { opId: string; settlementId: string } {
		const key = `${period.key}|${memberId}`;
		let ids = this.#opIds.get(key);
		if (!ids) {
			ids = { opId: makeUuidV7(), settlementId: makeUuidV7() };
			this.#opIds.set(key, ids);
		}
		return ids;
	}

	/**
	 * Issues every statement of the plan that is ready. Works offline; a failure leaves the
	 * chunks already issued in place and a retry issues only the rest (same op ids).
	 */
	async issue(): Promise<void> {
		const plan = this.#plan;
		const period = this.#period;
		if (!plan || !period || this.#status !== 'ready' || !this.periodEnded) return;
		const drafts: StatementDraft[] = [];
		for (const statement of plan.statements) {
			if (statement.status !== 'ready') continue;
			drafts.push({
				opId: this.#idsFor(period, statement.memberId).opId,
				payload: statement.payload
			});
		}
		if (drafts.length === 0) return;
		this.#status = 'issuing';
		this.#notice = null;
		const result = await issueInWorker(drafts, (progress) => (this.#progress = progress));
		this.#progress = null;
		this.#notice = result.ok
			? { kind: 'issued', count: result.issued, refused: result.refusedAsDuplicate }
			: { kind: 'error', text: m.liq_issue_failed() };
		this.#status = 'ready';
		await this.load(period, { keepNotice: true });
	}

	/** The period's issued statements as a CSV download, made on the phone (works offline). */
	async exportCsv(): Promise<void> {
		const period = this.#period;
		if (!period) return;
		const { statements, payments } = await statementsOfPeriod(db, period);
		const members = await membersById(
			db,
			statements.map((statement) => statement.memberId)
		);
		downloadCsv(
			`liquidaciones-${period.key}.csv`,
			statementsCsv({ statements, payments, members })
		);
	}
}

/** One worker for the app's life: starting one costs a module load, ending one closes its database. */
let issueWorker: Worker | null | undefined;

function startWorker(): Worker | null {
	if (issueWorker !== undefined) return issueWorker;
	try {
		issueWorker = new Worker(new URL('./issue.worker.ts', import.meta.url), { type: 'module' });
	} catch {
		issueWorker = null;
	}
	return issueWorker;
}

/**
 * Issues in a worker when the browser can start one, else on the main thread (in chunks). Both
 * run `issueStatements`, so offline and on retry they behave alike: a retry with the same drafts
 * issues only what is missing.
 */
async function issueInWorker(
	drafts: StatementDraft[],
	onProgress: (progress: IssueProgress) => void
): Promise<IssueResult> {
	const worker = startWorker();
	if (!worker) return issueStatements({ drafts, onProgress });
	try {
		return await new Promise<IssueResult>((resolve, reject) => {
			worker.onmessage = (event: MessageEvent<IssueMessage>) => {
				const message = event.data;
				if (message.type === 'progress') onProgress({ done: message.done, total: message.total });
				else resolve(message.result);
			};
			worker.onerror = (event) => reject(new Error(event.message));
			void postInSlices(worker, drafts).catch(reject);
		});
	} catch (error) {
		// A worker that failed to load issued nothing; one that failed half-way left whole chunks,
		// which the main-thread run skips as already issued.
		console.error('Ayni: issuing in a worker failed; issuing here instead', error);
		worker.terminate();
		issueWorker = null;
		return issueStatements({ drafts, onProgress });
	}
}

async function postInSlices(worker: Worker, drafts: readonly StatementDraft[]): Promise<void> {
	for (let start = 0; start < drafts.length; start += 100) {
		worker.postMessage({
			type: 'add',
			drafts: drafts.slice(start, start + 100)
		} satisfies IssueRequest);
		await yieldToMain();
	}
	worker.postMessage({ type: 'run' } satisfies IssueRequest);
}
