import { describe, expect, it } from 'vitest';
import type { SettlementPayload } from '$lib/domain';
import { makeUuidV7 } from '$lib/ops/uuid-v7';
import { makeDatabase } from '$lib/store/db';
import { recordMany } from '$lib/store/record';
import { issueStatements, recordPayment } from './settlement-writes';

const memberId = '0190a000-0000-7000-8000-00000000a0a0';

async function book() {
	const db = makeDatabase(`settlement-writes-${makeUuidV7()}`);
	const setup = await recordMany(
		[
			{
				type: 'association.configured',
				date: '2025-03-01',
				payload: {
					name: 'Asociación de prueba',
					legalForm: 'asociacion',
					district: 'Matahuasi',
					settlementCycle: 'quincenal'
				}
			}
		],
		{ db, createBook: true }
	);
	if (!setup.ok) throw new Error(setup.code);
	return db;
}

function payload(net: string): SettlementPayload {
	return {
		settlementId: makeUuidV7(),
		memberId,
		periodFrom: '2025-03-01',
		periodTo: '2025-03-15',
		lines: [
			{
				description: 'Leche a S/ 1.40/L',
				liters: '100.00',
				pricePerLiter: '1.4000',
				amount: '140.00'
			}
		],
		gross: '140.00',
		deductions: [],
		carriedIn: '0.00',
		net
	};
}

describe('issueStatements', () => {
	it('refuses a second statement for the same member and period, inside the transaction', async () => {
		const db = await book();
		const first = { opId: makeUuidV7(), payload: payload('140.00') };
		expect(await issueStatements({ drafts: [first], db })).toEqual({
			ok: true,
			issued: 1,
			refusedAsDuplicate: 0
		});
		const second = { opId: makeUuidV7(), payload: payload('140.00') };
		expect(await issueStatements({ drafts: [second], db })).toEqual({
			ok: true,
			issued: 0,
			refusedAsDuplicate: 1
		});
		// A retry of the first run (same op id) stores nothing new.
		await issueStatements({ drafts: [first], db });
		expect(await db.settlements.count()).toBe(1);
		expect(
			await db.ops.where('[type+date]').equals(['settlement.issued', '2025-03-15']).count()
		).toBe(1);
	});
});

describe('recordPayment', () => {
	it('takes full or partial payments and refuses more than is owed', async () => {
		const db = await book();
		const draft = { opId: makeUuidV7(), payload: payload('140.00') };
		await issueStatements({ drafts: [draft], db });
		const statement = { ...draft.payload, netCents: 14000 };
		const pay = (amountText: string, opId = makeUuidV7()) =>
			recordPayment({ opId, statement, amountText, method: 'yape', db });

		expect(await pay('140.01')).toMatchObject({ ok: false, field: 'amount', code: 'above_owed' });
		expect(await pay('0')).toMatchObject({ ok: false, field: 'amount', code: 'zero_not_allowed' });
		expect(await pay('12.345')).toMatchObject({ ok: false, code: 'too_many_decimals' });
		expect(await db.payments.count()).toBe(0);

		const opId = makeUuidV7();
		expect(await pay('100', opId)).toEqual({ ok: true, amount: '100.00' });
		// The same payment retried is not recorded twice.
		expect(await pay('100', opId)).toEqual({ ok: true, amount: '100.00' });
		expect(await pay('40.01')).toMatchObject({ code: 'above_owed', owedCents: 4000 });
		expect(await pay('40')).toEqual({ ok: true, amount: '40.00' });
		expect(await pay('1')).toMatchObject({ ok: false, field: 'statement', code: 'nothing_owed' });
		expect(await db.payments.count()).toBe(2);
	});
});
