import { describe, expect, it } from 'vitest';
import { parseOp } from '$lib/ops/catalog';
import { generateBook } from '../../../tests/fixtures/ops-generator';

describe('the test-data generator', () => {
	it('makes only ops the catalog accepts, the same for the same seed', () => {
		const book = generateBook({ seed: 7, members: 6, days: 40 });
		const refused = book.ops.map((op) => parseOp(op)).filter((result) => !result.ok);
		expect(refused).toEqual([]);
		expect(generateBook({ seed: 7, members: 6, days: 40 })).toEqual(book);
		const types = new Set(book.ops.map((op) => op.type));
		for (const type of [
			'delivery.recorded',
			'advance.given',
			'settlement.issued',
			'payment.made'
		]) {
			expect(types).toContain(type);
		}
		const ids = new Set(book.ops.map((op) => op.id));
		expect(ids.size).toBe(book.ops.length);
	});
});
