import { describe, expect, it } from 'vitest';
import { pathAllowed, workspaceOf, type Workspace } from './access';

function allowed(workspace: Workspace, paths: string[]): boolean[] {
	return paths.map((path) => pathAllowed({ path, workspace }));
}

const bookPages = [
	'/acopio',
	'/socios',
	'/socios/0190a1b2-0000-7000-8000-000000000000',
	'/cuentas',
	'/liquidaciones/por-pagar',
	'/mas/copia'
];

describe('what each role works in', () => {
	it('gives the whole book to the directiva, and to the keeper of a book never connected', () => {
		for (const role of ['admin', 'treasurer']) {
			expect(workspaceOf({ role, bookIsConnected: true })).toBe('book');
		}
		expect(workspaceOf({ role: undefined, bookIsConnected: false })).toBe('book');
		expect(allowed('book', [...bookPages, '/precios'])).not.toContain(false);
	});

	it('closes a connected book to whoever holds the phone with nobody logged in', () => {
		const workspace = workspaceOf({ role: undefined, bookIsConnected: true });
		expect(workspace).toBe('locked');
		expect(allowed(workspace, ['/', '/mas', '/entrar', '/mas/servidor', '/mas/ajustes'])).toEqual([
			true,
			true,
			true,
			true,
			true
		]);
		expect(allowed(workspace, [...bookPages, '/mi-cuenta', '/precios'])).not.toContain(true);
	});

	it('keeps a socio, or an unknown role, to their own account and the prices', () => {
		for (const role of ['member', 'auditor']) {
			const workspace = workspaceOf({ role, bookIsConnected: true });
			expect(workspace).toBe('own-account');
			expect(allowed(workspace, ['/', '/mi-cuenta', '/precios', '/mas/sincronizacion'])).toEqual([
				true,
				true,
				true,
				true
			]);
			expect(allowed(workspace, [...bookPages, '/mi-cuentaX'])).not.toContain(true);
		}
	});

	it('keeps a collector to the collection sheet and the prices', () => {
		const workspace = workspaceOf({ role: 'collector', bookIsConnected: true });
		expect(allowed(workspace, ['/acopio', '/precios'])).toEqual([true, true]);
		expect(allowed(workspace, ['/mi-cuenta', '/socios', '/liquidaciones'])).toEqual([
			false,
			false,
			false
		]);
	});
});
