import { beforeEach, describe, expect, it } from 'vitest';
import { clearDraft, readDraft, writeDraft } from './draft';

// Drafts are what make "nothing typed is lost" true across reloads and updates.
describe('form drafts', () => {
	beforeEach(() => {
		const values = new Map<string, string>();
		globalThis.sessionStorage = {
			getItem: (key: string) => values.get(key) ?? null,
			setItem: (key: string, value: string) => void values.set(key, value),
			removeItem: (key: string) => void values.delete(key),
			clear: () => values.clear(),
			key: () => null,
			get length() {
				return values.size;
			}
		};
	});

	it('returns what was written until the form is saved', () => {
		writeDraft('setup', { name: 'Cuyes de Aco' });
		expect(readDraft('setup')).toEqual({ name: 'Cuyes de Aco' });
		clearDraft('setup');
		expect(readDraft('setup')).toBeUndefined();
	});

	it('ignores a draft that is not an object', () => {
		sessionStorage.setItem('ayni:draft:setup', '"texto"');
		expect(readDraft('setup')).toBeUndefined();
		sessionStorage.setItem('ayni:draft:setup', '{roto');
		expect(readDraft('setup')).toBeUndefined();
	});

	it('keeps the form working when storage refuses to write', () => {
		sessionStorage.setItem = () => {
			throw new DOMException('full', 'QuotaExceededError');
		};
		expect(() => writeDraft('setup', { name: 'x' })).not.toThrow();
	});
});
