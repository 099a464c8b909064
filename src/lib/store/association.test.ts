import { beforeEach, describe, expect, it } from 'vitest';
import { configureAssociation } from './association';
import { loadAssociation } from './association-read';
import { db } from './db';

const valid = {
	name: 'Asociación de Productores Lecheros de Matahuasi',
	legalForm: 'asociacion',
	district: 'Matahuasi',
	settlementCycle: 'quincenal'
};

beforeEach(async () => {
	await db.delete();
	await db.open();
});

describe('association settings', () => {
	it('starts with no association', async () => {
		expect(await loadAssociation()).toEqual({ status: 'none' });
	});

	it('configures the association once and keeps its id when settings change', async () => {
		expect(await configureAssociation(valid)).toEqual({ ok: true });
		const first = await loadAssociation();
		expect(first.status).toBe('ok');
		if (first.status !== 'ok') return;
		expect(first.association).toMatchObject({ ...valid, transparency: 'own' });

		expect(await configureAssociation({ ...valid, settlementCycle: 'mensual' })).toEqual({
			ok: true
		});
		const second = await loadAssociation();
		expect(second).toEqual({
			status: 'ok',
			association: { ...first.association, settlementCycle: 'mensual' }
		});
		expect(await db.ops.count()).toBe(2);
		expect(
			await db.ops.where('[status+hlc]').between(['pending', ''], ['pending', '\uffff']).count()
		).toBe(2);
	});

	it('returns rule codes per field and writes nothing for invalid input', async () => {
		const result = await configureAssociation({ ...valid, name: '   ', legalForm: 'sa' });
		expect(result.ok).toBe(false);
		if (result.ok || !('errors' in result)) return;
		expect(result.errors).toContainEqual({ field: 'name', code: 'text_must_not_be_empty' });
		expect(result.errors.map((error) => error.field)).toContain('legalForm');
		expect(await db.ops.count()).toBe(0);
		expect(await loadAssociation()).toEqual({ status: 'none' });
	});

	it('reports a tampered record as damaged, and setting it up again repairs it', async () => {
		await configureAssociation(valid);
		const loaded = await loadAssociation();
		if (loaded.status !== 'ok') throw new Error('not configured');
		await db.association.update(loaded.association.associationId, { legalForm: 'sociedad' });
		expect(await loadAssociation()).toEqual({ status: 'damaged' });

		expect(await configureAssociation({ ...valid, name: 'Asociación Mito' })).toEqual({ ok: true });
		expect(await loadAssociation()).toEqual({
			status: 'ok',
			association: { ...loaded.association, name: 'Asociación Mito' }
		});
	});
});
