// The facts an association records, one zod schema per operation type (DESIGN.md section 4).
// They live in the domain because the ledger and the settlement rules read them; the op log
// (src/lib/ops) wraps them in the envelope and the store projects them.
import * as z from 'zod/mini';
import {
	businessDate,
	litersText,
	moneyNonNegativeText,
	moneyText,
	periodText,
	personText,
	readingText,
	signedUnitPriceText,
	unitPriceText,
	uuidText
} from './wire-values';

export const legalForms = ['asociacion', 'cooperativa'] as const;
export const settlementCycles = ['quincenal', 'mensual'] as const;
export const transparencyLevels = ['own', 'full'] as const;
export const activities = ['leche', 'cuyes', 'engorde', 'otra'] as const;
export const shifts = ['am', 'pm'] as const;
export const paymentMethods = ['efectivo', 'transferencia', 'yape', 'plin'] as const;
export const chargeKinds = ['insumo', 'cuota', 'aporte', 'transporte', 'otro'] as const;
export const saleTerms = ['contado', 'credito'] as const;
export const cashAccounts = ['caja', 'banco'] as const;
/** What a statement deducts: an advance, or one of the charge kinds. */
export const deductionKinds = ['adelanto', ...chargeKinds] as const;

const dni = z.string().check(z.regex(/^\d{8}$/, 'dni_must_have_8_digits'));
const ruc = z.string().check(z.regex(/^\d{11}$/, 'ruc_must_have_11_digits'));
const mobile = z.string().check(z.regex(/^9\d{8}$/, 'phone_must_have_9_digits_starting_with_9'));
const memberCode = z
	.string()
	.check(z.regex(/^[A-Z0-9-]{1,12}$/, 'code_must_be_letters_and_digits'));
const reason = personText(280);

export const associationConfigured = z.strictObject({
	name: personText(80),
	legalForm: z.enum(legalForms),
	ruc: z.optional(ruc),
	district: personText(60),
	settlementCycle: z.enum(settlementCycles),
	transparency: z._default(z.enum(transparencyLevels), 'own')
});

const memberFields = {
	fullName: personText(120),
	dni: z.optional(dni),
	phone: z.optional(mobile),
	district: z.optional(personText(60)),
	activities: z.array(z.enum(activities)).check(z.maxLength(activities.length))
};

export const memberRegistered = z.strictObject({
	memberId: uuidText,
	code: memberCode,
	...memberFields,
	joinedOn: businessDate
});

/** Only the fields that changed; a field set to null is cleared. */
export const memberUpdated = z
	.strictObject({
		memberId: uuidText,
		fullName: z.optional(memberFields.fullName),
		dni: z.optional(z.nullable(dni)),
		phone: z.optional(z.nullable(mobile)),
		district: z.optional(z.nullable(personText(60))),
		activities: z.optional(memberFields.activities)
	})
	.check(z.refine((changes) => Object.keys(changes).length > 1, 'update_must_change_a_field'));

export const memberRetired = z.strictObject({ memberId: uuidText, reason });

/** A fat band: deliveries with fat % in [minFatPct, maxFatPct) get adjustmentPerLiter added. */
export const fatBand = z.strictObject({
	minFatPct: readingText,
	maxFatPct: z.optional(readingText),
	adjustmentPerLiter: signedUnitPriceText
});

export const qualityRules = z.strictObject({
	fatBands: z._default(z.array(fatBand).check(z.maxLength(20)), []),
	rejectOnFailedAlcohol: z._default(z.boolean(), true)
});

export const priceSet = z.strictObject({
	product: z.literal('leche'),
	pricePerLiter: unitPriceText.check(
		z.refine((text) => Number(text) > 0, 'price_must_be_positive')
	),
	effectiveFrom: businessDate,
	qualityRules: z.optional(qualityRules)
});

export const deliveryRecorded = z
	.strictObject({
		memberId: uuidText,
		shift: z.enum(shifts),
		liters: litersText,
		fatPct: z.optional(readingText),
		density: z.optional(readingText),
		acidityD: z.optional(readingText),
		alcoholTest: z.optional(z.enum(['pass', 'fail'])),
		rejectedLiters: z.optional(litersText),
		rejectReason: z.optional(personText(140))
	})
	.check(
		z.refine(
			(delivery) => Number(delivery.rejectedLiters ?? '0') <= Number(delivery.liters),
			'rejected_liters_must_not_exceed_liters'
		)
	);

export const deliveryVoided = z.strictObject({ deliveryId: uuidText, reason });

export const advanceGiven = z.strictObject({
	memberId: uuidText,
	amount: moneyNonNegativeText,
	method: z.enum(paymentMethods)
});

export const chargeRecorded = z.strictObject({
	memberId: uuidText,
	kind: z.enum(chargeKinds),
	amount: moneyNonNegativeText,
	description: personText(140)
});

export const settlementLine = z.strictObject({
	description: personText(140),
	liters: litersText,
	pricePerLiter: signedUnitPriceText,
	amount: moneyText
});

export const settlementDeduction = z.strictObject({
	kind: z.enum(deductionKinds),
	/** The op id of the advance or charge deducted, so that it is deducted only once. */
	sourceId: uuidText,
	amount: moneyNonNegativeText,
	description: personText(140)
});

export const settlementIssued = z.strictObject({
	settlementId: uuidText,
	memberId: uuidText,
	periodFrom: businessDate,
	periodTo: businessDate,
	lines: z.array(settlementLine).check(z.maxLength(200)),
	gross: moneyText,
	deductions: z.array(settlementDeduction).check(z.maxLength(500)),
	/** The previous statement's unpaid or negative balance, signed: negative when the member owed. */
	carriedIn: z._default(moneyText, '0.00'),
	net: moneyText
});

export const paymentMade = z.strictObject({
	memberId: uuidText,
	settlementId: z.optional(uuidText),
	amount: moneyNonNegativeText,
	method: z.enum(paymentMethods),
	reference: z.optional(personText(80))
});

export const saleLine = z.strictObject({
	item: personText(80),
	quantity: z
		.string()
		.check(z.regex(/^(0|[1-9]\d{0,7})(\.\d{1,3})?$/, 'quantity_must_be_a_decimal')),
	unit: z.enum(['L', 'kg', 'unidad']),
	unitPrice: unitPriceText
});

export const saleRecorded = z.strictObject({
	saleId: uuidText,
	buyer: personText(80),
	lines: z.array(saleLine).check(z.minLength(1), z.maxLength(100)),
	total: moneyNonNegativeText,
	terms: z.enum(saleTerms)
});

export const saleCollected = z.strictObject({
	saleId: uuidText,
	amount: moneyNonNegativeText,
	method: z.enum(paymentMethods)
});

export const expenseRecorded = z.strictObject({
	category: personText(60),
	amount: moneyNonNegativeText,
	description: personText(140),
	paidFrom: z.enum(cashAccounts)
});

export const periodClosed = z.strictObject({
	period: periodText,
	trialBalanceDigest: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'digest_must_be_sha256_hex')),
	checklist: z
		.array(z.strictObject({ item: personText(80), done: z.boolean() }))
		.check(z.maxLength(50))
});

export const periodReopened = z.strictObject({ period: periodText, reason });

/** Voids a money record (advance, charge, payment, expense, sale, settlement) by its op id. */
export const recordVoided = z.strictObject({ targetId: uuidText, reason });

/** Every op type of the association book with its version-1 payload schema. */
export const associationPayloads = {
	'association.configured': associationConfigured,
	'member.registered': memberRegistered,
	'member.updated': memberUpdated,
	'member.retired': memberRetired,
	'price.set': priceSet,
	'delivery.recorded': deliveryRecorded,
	'delivery.voided': deliveryVoided,
	'advance.given': advanceGiven,
	'advance.voided': recordVoided,
	'charge.recorded': chargeRecorded,
	'charge.voided': recordVoided,
	'settlement.issued': settlementIssued,
	'settlement.voided': recordVoided,
	'payment.made': paymentMade,
	'payment.voided': recordVoided,
	'sale.recorded': saleRecorded,
	'sale.collected': saleCollected,
	'sale.voided': recordVoided,
	'expense.recorded': expenseRecorded,
	'expense.voided': recordVoided,
	'period.closed': periodClosed,
	'period.reopened': periodReopened
} as const;

export type AssociationOpType = keyof typeof associationPayloads;
export type PayloadOf<T extends AssociationOpType> = z.output<(typeof associationPayloads)[T]>;

/** An op as the domain sees it: the envelope fields the rules need, with a typed payload. */
export type DomainOp = {
	[T in AssociationOpType]: {
		id: string;
		type: T;
		date: string;
		hlc: string;
		payload: PayloadOf<T>;
	};
}[AssociationOpType];
