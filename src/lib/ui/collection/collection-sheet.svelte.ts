// The collection sheet's state: one shift of one day, a row per active member in code order, and
// the live totals. Every save goes through the store's `record` and the row shows the delivery
// the store confirmed (read back from the projection), so the totals never count a liter the
// book does not hold. What was typed stays in the row, and in a session draft, until it is saved.
import { m } from '$lib/paraglide/messages.js';
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { loadShiftSheet, memberShiftDeliveries } from '$lib/store/collection-queries';
import { catalogProjections } from '$lib/store/projections/catalog-projections';
import { priceOn } from '$lib/store/queries';
import { record, recordMany, type RecordResult } from '$lib/store/record';
import type { DeliveryRow, MemberRow, PriceRow, StoredOp, VoidRow } from '$lib/store/schema';
import { clearDraft, readDraft, writeDraft } from '../draft';
import {
	checkDelivery,
	emptyTypedDelivery,
	type DeliveryField,
	type TypedDelivery
} from './delivery-input';
import { fieldMessage } from './field-messages';
import { saveOutcome } from './record-outcome';
import { groupByMember, sheetTotals, type SheetTotals } from './sheet-totals';
import type { Shift } from './shift-clock';

export type RowStatus = 'idle' | 'saving' | 'saved' | 'failed';

export interface HistoryEntry {
	delivery: DeliveryRow;
	reason: string;
}

/** One member's line on the sheet. */
export class SheetRow {
	readonly member: MemberRow;
	readonly #sheet: CollectionSheet;
	#typed = $state<TypedDelivery>({ ...emptyTypedDelivery });
	#status = $state<RowStatus>('idle');
	#errors = $state<Partial<Record<DeliveryField | 'reason', string>>>({});
	#formError = $state('');
	#current = $state<DeliveryRow | undefined>(undefined);
	#history = $state<HistoryEntry[]>([]);
	#showQuality = $state(false);
	#correcting = $state(false);
	#reason = $state('');
	/** The liters text the "> 200 L" warning was shown for; saving it again confirms it. */
	#warnedLiters = '';
	/** Made once per fact and reused on retry, so a retried save is not stored twice. */
	#opId = makeUuidV7();

	/** The sheet's load that made this row: a row of a day or shift no longer shown drafts nothing. */
	readonly load: number;

	constructor(sheet: CollectionSheet, member: MemberRow) {
		this.#sheet = sheet;
		this.member = member;
		this.load = sheet.loadCount;
	}

	get typed(): TypedDelivery {
		return this.#typed;
	}
	get status(): RowStatus {
		return this.#status;
	}
	get errors(): Partial<Record<DeliveryField | 'reason', string>> {
		return this.#errors;
	}
	get formError(): string {
		return this.#formError;
	}
	get current(): DeliveryRow | undefined {
		return this.#current;
	}
	get history(): readonly HistoryEntry[] {
		return this.#history;
	}
	get showQuality(): boolean {
		return this.#showQuality;
	}
	get correcting(): boolean {
		return this.#correcting;
	}
	get reason(): string {
		return this.#reason;
	}
	set reason(text: string) {
		this.#reason = text;
		this.#sheet.saveDraft(this);
	}
	/** The liters field is for typing until a delivery is recorded, and again while correcting. */
	get editable(): boolean {
		return !this.#current || this.#correcting;
	}
	get hasTyped(): boolean {
		return Object.values(this.#typed).some((value) => value !== '');
	}

	toggleQuality(): void {
		this.#showQuality = !this.#showQuality;
	}

	/** The collector typed something: forget the old messages of that field, keep the draft. */
	typedChanged(field: DeliveryField): void {
		if (this.#errors[field]) this.#errors = { ...this.#errors, [field]: undefined };
		if (this.#status === 'failed') this.#status = 'idle';
		// Emptied: nothing is waiting to be saved any more.
		if (!this.hasTyped && !this.#correcting) this.#sheet.setUnsaved(this, false);
		this.#sheet.saveDraft(this);
	}

	startCorrection(): void {
		const current = this.#current;
		if (!current) return;
		this.#typed = {
			liters: centilitersText(current.centiliters),
			fatPct: current.fatPct ?? '',
			density: current.density ?? '',
			acidityD: current.acidityD ?? '',
			alcoholTest: current.alcoholTest ?? '',
			rejectedLiters:
				current.alcoholTest === 'fail' || current.rejectedCentiliters === 0
					? ''
					: centilitersText(current.rejectedCentiliters),
			rejectReason: current.alcoholTest === 'fail' ? '' : (current.rejectReason ?? '')
		};
		this.#correcting = true;
		this.#showQuality = true;
		this.#opId = makeUuidV7();
	}

	cancelCorrection(): void {
		this.#correcting = false;
		this.#reason = '';
		this.#errors = {};
		this.#formError = '';
		this.#typed = this.#current ? typedOf(this.#current) : { ...emptyTypedDelivery };
		this.#sheet.saveDraft(this);
	}

	/**
	 * Saves what was typed: a new delivery, or while correcting, the void of the recorded one and
	 * the new one together (one transaction: never a void without its replacement). An empty row
	 * is left alone. Returns once the store answered; the sheet does not wait for it to move on.
	 */
	async save({ voidOnly = false }: { voidOnly?: boolean } = {}): Promise<void> {
		if (this.#status === 'saving') return;
		if (!this.editable) return;
		if (!this.#correcting && !this.hasTyped) return;
		const errors: Partial<Record<DeliveryField | 'reason', string>> = {};
		if (this.#correcting && !this.#reason.trim()) errors.reason = fieldMessage('reason');
		const checked = voidOnly
			? undefined
			: checkDelivery({
					typed: this.#typed,
					memberId: this.member.memberId,
					shift: this.#sheet.shift,
					confirmedBig: this.#warnedLiters !== '' && this.#warnedLiters === this.#typed.liters,
					alcoholFailReason: m.col_reason_alcohol()
				});
		if (checked && !checked.ok) {
			for (const [field, code] of Object.entries(checked.errors)) {
				errors[field as DeliveryField] =
					code === 'liters_confirm_big'
						? m.col_sheet_confirm_big({ liters: `${this.#typed.liters} L` })
						: fieldMessage(code);
			}
			if (checked.errors.liters === 'liters_confirm_big') this.#warnedLiters = this.#typed.liters;
			if (Object.keys(checked.errors).some((field) => field !== 'liters')) {
				this.#showQuality = true;
			}
		}
		if (Object.keys(errors).length > 0) {
			this.#errors = errors;
			this.#sheet.setUnsaved(this, false);
			this.#status = 'failed';
			return;
		}
		this.#errors = {};
		this.#formError = '';
		this.#sheet.setUnsaved(this, false);
		this.#status = 'saving';
		const date = this.#sheet.date;
		let result: RecordResult;
		try {
			if (this.#correcting && this.#current) {
				const drafts = [
					{
						type: 'delivery.voided' as const,
						date: this.#current.date,
						payload: { deliveryId: this.#current.opId, reason: this.#reason.trim() }
					},
					...(checked?.ok
						? [
								{
									id: this.#opId,
									type: 'delivery.recorded' as const,
									date,
									payload: checked.payload
								}
							]
						: [])
				];
				const many = await recordMany(drafts);
				result = many.ok ? { ok: true, op: many.ops[many.ops.length - 1]! } : many;
			} else if (checked?.ok) {
				result = await record({
					id: this.#opId,
					type: 'delivery.recorded',
					date,
					payload: checked.payload
				});
			} else {
				return;
			}
		} catch {
			result = { ok: false, code: 'write_failed', message: '' };
		}
		if (!result.ok) {
			const outcome = saveOutcome(result);
			if (!outcome.ok) {
				this.#errors = outcome.fields;
				this.#formError = outcome.form;
			}
			this.#sheet.setUnsaved(this, true);
			this.#status = 'failed';
			return;
		}
		const wasCorrection = this.#correcting;
		if (wasCorrection) {
			await this.reload();
			this.#correcting = false;
			this.#reason = '';
		} else {
			// The row the projection stored in the same transaction, made by the same pure function
			// (no second read): what the totals may count.
			this.#current = projectedDelivery(result.op);
		}
		this.#typed = this.#current ? typedOf(this.#current) : { ...emptyTypedDelivery };
		this.#opId = makeUuidV7();
		this.#warnedLiters = '';
		this.#status = 'saved';
		this.#sheet.saveDraft(this);
	}

	/** Re-reads this member's deliveries of the shift (after a correction). */
	async reload(): Promise<void> {
		const { deliveries, voids } = await memberShiftDeliveries({
			memberId: this.member.memberId,
			date: this.#sheet.date,
			shift: this.#sheet.shift
		});
		this.setDeliveries(deliveries, voids);
	}

	setDeliveries(deliveries: readonly DeliveryRow[], voids: ReadonlyMap<string, VoidRow>): void {
		const sorted = [...deliveries].sort((a, b) => (a.opId < b.opId ? -1 : 1));
		this.#current = sorted.filter((row) => !row.voided).at(-1);
		this.#history = sorted
			.filter((row) => row.voided)
			.map((delivery) => ({ delivery, reason: voids.get(delivery.opId)?.reason ?? '' }));
		if (this.#current) {
			this.#typed = typedOf(this.#current);
			this.#status = 'saved';
		}
	}

	restoreDraft(draft: { typed?: Partial<TypedDelivery>; reason?: string }): void {
		if (this.#current) return;
		this.#typed = { ...emptyTypedDelivery, ...draft.typed };
		if (Object.values(draft.typed ?? {}).some((value) => value !== '' && value !== 'pass')) {
			this.#showQuality = Boolean(
				draft.typed?.fatPct || draft.typed?.rejectedLiters || draft.typed?.alcoholTest
			);
		}
	}
}

function projectedDelivery(op: StoredOp): DeliveryRow | undefined {
	const projection = catalogProjections['delivery.recorded'];
	if (op.type !== 'delivery.recorded' || projection.kind !== 'voidableRow') return undefined;
	return { ...projection.toRow(op), voided: 0 } as DeliveryRow;
}

function centilitersText(centiliters: number): string {
	const whole = Math.floor(centiliters / 100);
	const cents = centiliters % 100;
	if (cents === 0) return String(whole);
	return `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

function typedOf(row: DeliveryRow): TypedDelivery {
	return { ...emptyTypedDelivery, liters: centilitersText(row.centiliters) };
}

type SheetDraft = Record<string, { typed: TypedDelivery; reason: string }>;

export class CollectionSheet {
	#date = $state('');
	#shift = $state<Shift>('am');
	// Raw: replaced whole on each load; each row keeps its own state. The totals walk all rows on
	// every save, which through a deep proxy cost a trap per row.
	#rows = $state.raw<SheetRow[]>([]);
	#loading = $state(true);
	#price = $state<PriceRow | undefined>(undefined);
	#loadToken = 0;
	/** What `saveDraft` last wrote, by member id (plain, not reactive: only the session reads it). */
	#draft: SheetDraft = {};

	/**
	 * Rows whose last save the store refused although the checks passed (storage full, a rule of
	 * the store), found once the collector had moved on: what was typed waits there until a save
	 * goes in or the row is emptied. Kept as a list the rows update, not derived from every row: a
	 * save must not walk a 500-member sheet.
	 */
	#notStored = $state.raw<readonly SheetRow[]>([]);

	readonly totals: SheetTotals = $derived(
		sheetTotals(this.#rows.flatMap((row) => (row.current ? [row.current] : [])))
	);

	constructor({ date, shift }: { date: string; shift: Shift }) {
		this.#date = date;
		this.#shift = shift;
	}

	get date(): string {
		return this.#date;
	}
	get shift(): Shift {
		return this.#shift;
	}
	get rows(): readonly SheetRow[] {
		return this.#rows;
	}
	get notStored(): readonly SheetRow[] {
		return this.#notStored;
	}
	get loading(): boolean {
		return this.#loading;
	}
	get loadCount(): number {
		return this.#loadToken;
	}
	get price(): PriceRow | undefined {
		return this.#price;
	}

	/** The store refused a row's save (`unsaved`), or the row is saving again or was emptied. */
	setUnsaved(row: SheetRow, unsaved: boolean): void {
		if (row.load !== this.#loadToken) return;
		const listed = this.#notStored.includes(row);
		if (unsaved && !listed) this.#notStored = [...this.#notStored, row];
		else if (!unsaved && listed) this.#notStored = this.#notStored.filter((other) => other !== row);
	}

	/** Opens another day or shift; what was typed and not saved on the old one stays in its draft. */
	async open({ date, shift }: { date: string; shift: Shift }): Promise<void> {
		this.#date = date;
		this.#shift = shift;
		await this.load();
	}

	async load(): Promise<void> {
		const token = ++this.#loadToken;
		this.#loading = true;
		const [data, price] = await Promise.all([
			loadShiftSheet({ date: this.#date, shift: this.#shift }),
			priceOn(this.#date)
		]);
		if (token !== this.#loadToken) return;
		const byMember = groupByMember(data.deliveries);
		const draft = readDraft<SheetDraft>(this.#draftKey()) ?? {};
		this.#notStored = [];
		this.#rows = data.members.map((member) => {
			const row = new SheetRow(this, member);
			const delivered = byMember.get(member.memberId);
			if (delivered) row.setDeliveries(delivered, data.voids);
			const saved = draft[member.memberId];
			if (saved) row.restoreDraft(saved);
			return row;
		});
		this.#price = price;
		this.#loading = false;
		this.saveDraft();
	}

	#draftKey(): string {
		return `collection-sheet:${this.#date}:${this.#shift}`;
	}

	/**
	 * Keeps the unsaved typing of this shift in the session, so a reload loses none of it. Called
	 * with the row that changed, only that row's entry is recomputed: a keystroke or a save must not
	 * walk a 500-member sheet (that walk was a third of a save's time on a cheap phone).
	 */
	saveDraft(changed?: SheetRow): void {
		if (changed && changed.load !== this.#loadToken) return;
		const rows = changed ? [changed] : this.#rows;
		if (!changed) this.#draft = {};
		for (const row of rows) {
			if (
				(row.editable && (row.hasTyped || row.reason) && row.status !== 'saved') ||
				row.correcting
			) {
				this.#draft[row.member.memberId] = { typed: { ...row.typed }, reason: row.reason };
			} else {
				delete this.#draft[row.member.memberId];
			}
		}
		if (Object.keys(this.#draft).length === 0) clearDraft(this.#draftKey());
		else writeDraft(this.#draftKey(), this.#draft);
	}
}
