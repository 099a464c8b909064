// How the Liquidación screens name things in the person's language: periods, dates, payment
// methods, deduction kinds, members, and the summary a producer receives on WhatsApp.
import { formatLiters, formatMoney, type SettlementPayload } from '$lib/domain';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import type { MemberRow, SettlementRow } from '$lib/store/schema';
import type { SettlementPeriod } from '$lib/domain/settlement-period';

function localeTag(): string {
	return getLocale() === 'es' ? 'es-PE' : 'en-GB';
}

/** "16/05/2024": the way dates are written on paper in Peru. */
export function formatDate(date: string): string {
	const [year, month, day] = date.split('-');
	return `${day}/${month}/${year}`;
}

function monthName(date: string, month: 'long' | 'short' = 'long'): string {
	const at = new Date(`${date.slice(0, 7)}-15T12:00:00Z`);
	return new Intl.DateTimeFormat(localeTag(), {
		month,
		year: 'numeric',
		timeZone: 'UTC'
	}).format(at);
}

/** "1.ª quincena may 2024" or "mayo de 2024": short enough for a 360px select. */
export function periodLabel(period: Pick<SettlementPeriod, 'key' | 'from' | 'cycle'>): string {
	if (period.cycle === 'mensual') return m.liq_period_month({ month: monthName(period.from) });
	const month = monthName(period.from, 'short');
	return period.key.endsWith('-1')
		? m.liq_period_fortnight_1({ month })
		: m.liq_period_fortnight_2({ month });
}

export function periodRangeLabel(period: { from: string; to: string }): string {
	return m.liq_period_range({ from: formatDate(period.from), to: formatDate(period.to) });
}

/** A month "2024-05" as "mayo de 2024". */
export function monthLabel(month: string): string {
	return monthName(`${month}-01`);
}

const methodLabels: Record<string, () => string> = {
	efectivo: m.liq_method_efectivo,
	transferencia: m.liq_method_transferencia,
	yape: m.liq_method_yape,
	plin: m.liq_method_plin
};

export function methodLabel(method: string): string {
	return (methodLabels[method] ?? (() => method))();
}

const kindLabels: Record<string, () => string> = {
	adelanto: m.liq_kind_adelanto,
	insumo: m.liq_kind_insumo,
	cuota: m.liq_kind_cuota,
	aporte: m.liq_kind_aporte,
	transporte: m.liq_kind_transporte,
	otro: m.liq_kind_otro
};

export function kindLabel(kind: string): string {
	return (kindLabels[kind] ?? (() => kind))();
}

/** "S012 · Rosa Quispe Huamán", or a plain notice when the member's record has not arrived. */
export function memberLabel(member: MemberRow | undefined): string {
	if (!member?.fullName) return m.liq_member_unknown();
	return member.code ? `${member.code} · ${member.fullName}` : member.fullName;
}

export type StatementFigures = {
	statement: Pick<
		SettlementRow | SettlementPayload,
		'periodFrom' | 'periodTo' | 'lines' | 'deductions'
	>;
	acceptedLiters: string;
	gross: string;
	deductions: string;
	carriedIn: string;
	net: string;
	paid: string;
	remaining: string;
};

/**
 * The summary sent to a producer's WhatsApp: short lines a person reads on a small screen, every
 * figure as it is on the statement, so the producer can check it against their own notes.
 */
export function shareText({
	associationName,
	periodName,
	member,
	figures
}: {
	associationName: string;
	periodName: string;
	member: string;
	figures: StatementFigures;
}): string {
	const lines = [
		m.liq_share_text_header({ association: associationName, period: periodName, member }),
		'',
		m.liq_share_text_liters({ liters: formatLiters(figures.acceptedLiters) })
	];
	for (const line of figures.statement.lines) {
		lines.push(`• ${line.description}: ${formatLiters(line.liters)} = ${formatMoney(line.amount)}`);
	}
	lines.push(m.liq_share_text_gross({ amount: formatMoney(figures.gross) }));
	for (const deduction of figures.statement.deductions) {
		lines.push(`• ${kindLabel(deduction.kind)}: -${formatMoney(deduction.amount)}`);
	}
	if (figures.deductions !== '0.00') {
		lines.push(m.liq_share_text_deductions({ amount: `-${formatMoney(figures.deductions)}` }));
	}
	if (figures.carriedIn !== '0.00') {
		lines.push(m.liq_share_text_carried({ amount: formatMoney(figures.carriedIn) }));
	}
	lines.push(m.liq_share_text_net({ amount: formatMoney(figures.net) }));
	if (figures.paid !== '0.00') {
		lines.push(m.liq_share_text_paid({ amount: formatMoney(figures.paid) }));
		lines.push(m.liq_share_text_remaining({ amount: formatMoney(figures.remaining) }));
	}
	return lines.join('\n');
}
