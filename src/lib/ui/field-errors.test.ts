import { describe, expect, it } from 'vitest';
import { associationConfigured } from '$lib/domain/op-payloads';
import { fieldErrorsFromIssues, messagesForFields } from './field-errors';

// What a treasurer reads beside each field of the first-run form, from the schema's own rules.
describe('messagesForFields', () => {
	it.each([
		[{ name: '' }, 'name', 'Escribe este dato.'],
		[{ name: 'x'.repeat(81) }, 'name', 'Máximo 80 letras.'],
		[{ legalForm: 'sociedad' }, 'legalForm', 'Elige una opción.'],
		[{ settlementCycle: 'semanal' }, 'settlementCycle', 'Elige una opción.'],
		[{ district: '   ' }, 'district', 'Escribe este dato.']
	])('%j → %s: %s', (change, field, message) => {
		const input = {
			name: 'Asociación de Lecheros de Mito',
			legalForm: 'asociacion',
			district: 'Mito',
			settlementCycle: 'quincenal',
			...change
		};
		const result = associationConfigured.safeParse(input);
		expect(result.success).toBe(false);
		const messages = messagesForFields(fieldErrorsFromIssues(result.error?.issues ?? []), {
			name: { max: 80 }
		});
		expect(messages[field]).toBe(message);
	});

	it('keeps only the first problem of each field', () => {
		const messages = messagesForFields([
			{ field: 'name', code: 'text_must_not_be_empty' },
			{ field: 'name', code: 'text_too_long' }
		]);
		expect(messages).toEqual({ name: 'Escribe este dato.' });
	});
});
