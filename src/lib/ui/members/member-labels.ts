// How the Socios screens name activities, methods and charge kinds in the person's language.
import { m } from '$lib/paraglide/messages.js';

export const activityLabels: Record<string, () => string> = {
	leche: m.col_activity_leche,
	cuyes: m.col_activity_cuyes,
	engorde: m.col_activity_engorde,
	otra: m.col_activity_otra
};

export const methodLabels: Record<string, () => string> = {
	efectivo: m.col_method_efectivo,
	transferencia: m.col_method_transferencia,
	yape: m.col_method_yape,
	plin: m.col_method_plin
};

export const chargeKindLabels: Record<string, () => string> = {
	insumo: m.col_charge_insumo,
	cuota: m.col_charge_cuota,
	aporte: m.col_charge_aporte,
	transporte: m.col_charge_transporte,
	otro: m.col_charge_otro
};

export function labelOf(labels: Record<string, () => string>, value: string): string {
	return (labels[value] ?? (() => value))();
}

/** "16/05/2024": the way dates are written on paper in Peru. */
export function formatDate(date: string): string {
	const [year, month, day] = date.split('-');
	return `${day}/${month}/${year}`;
}
