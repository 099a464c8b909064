// Role names and hints as the app shows them, and dates in the person's language.
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import type { Role } from './account-client';

export function roleLabel(role: Role): string {
	return {
		admin: m.server_role_admin,
		treasurer: m.server_role_treasurer,
		collector: m.server_role_collector,
		member: m.server_role_member
	}[role]();
}

export function roleHint(role: Role): string {
	return {
		admin: m.server_role_admin_hint,
		treasurer: m.server_role_treasurer_hint,
		collector: m.server_role_collector_hint,
		member: m.server_role_member_hint
	}[role]();
}

/** "3 de marzo de 2025, 09:00" in Lima's time, whatever the phone's zone. */
export function dateTimeLabel(iso: string): string {
	return new Intl.DateTimeFormat(getLocale() === 'es' ? 'es-PE' : 'en-GB', {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'America/Lima'
	}).format(new Date(iso));
}

export function dateLabel(iso: string): string {
	return new Intl.DateTimeFormat(getLocale() === 'es' ? 'es-PE' : 'en-GB', {
		dateStyle: 'long',
		timeZone: 'America/Lima'
	}).format(new Date(iso));
}
