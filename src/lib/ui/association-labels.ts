// Spanish (or English) words for the association's settings, so that no component spells them.
import { m } from '$lib/paraglide/messages.js';
import type { legalForms, settlementCycles } from '$lib/domain/op-payloads';

export function legalFormLabel(form: (typeof legalForms)[number]): string {
	return form === 'cooperativa'
		? m.setup_legal_form_cooperativa()
		: m.setup_legal_form_asociacion();
}

export function settlementCycleLabel(cycle: (typeof settlementCycles)[number]): string {
	return cycle === 'mensual' ? m.setup_cycle_mensual() : m.setup_cycle_quincenal();
}
