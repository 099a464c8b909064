import { expect, test, type Page } from '@playwright/test';
import { configureBook } from './first-run';

// A treasurer's first fortnight, on a 360×640 phone, from an empty book to paid statements:
// configure the association, register 12 members, set the price with fat bands, record 15 days ×
// 2 shifts of milk (a bonus, a penalty, a failed alcohol test, partly rejected milk and one
// correction), give advances and record charges, issue the fortnight's statements, pay some of
// them; then check every net, the totals and the month's trial balance against the figures below,
// worked out by hand (not by the code under test), and again offline after a reload.
//
// The hand calculation. Price S/ 1.40 per liter from 1 March 2025; fat below 3.2 % loses S/ 0.10
// per liter, fat from 3.8 % earns S/ 0.05; a failed alcohol test rejects the milk. Member n (001…
// 012) delivers 10 + n liters every shift of 1–15 March: 30 deliveries.
//   001  330 L: 11 L at 1.45 = 15.95 (fat 4.0 on 5 Mar am) + 319 L at 1.40 = 446.60 → 462.55
//        − advance 100.00                                                    → net   362.55
//   002  360 L: 12 L at 1.30 = 15.60 (fat 3.0 on 6 Mar pm) + 348 L at 1.40 = 487.20 → 502.80
//        − inputs 35.50                                                      → net   467.30
//   003  390 L − 13 L rejected (alcohol, 7 Mar am) = 377 L × 1.40 = 527.80 − dues 10.00 → 517.80
//   004  420 L − 4 L rejected (8 Mar pm) = 416 L × 1.40 = 582.40 − capital 20.00      → 562.40
//   005  450 L × 1.40 = 630.00 (51 L typed on 9 Mar am, corrected to 15 L)            → 630.00
//   006  480 L × 1.40 = 672.00 − advance 50.00 (Yape)                                 → 622.00
//   007  510 L × 1.40 = 714.00 − transport 12.00                                      → 702.00
//   008  540 L × 1.40 = 756.00                                                        → 756.00
//   009  570 L × 1.40 = 798.00 − advance 1,000.00: owes the association               → −202.00
//   010  600 L × 1.40 = 840.00                                                        → 840.00
//   011  630 L × 1.40 = 882.00                                                        → 882.00
//   012  660 L × 1.40 = 924.00                                                        → 924.00
// Totals: 5,923 L accepted; gross 8,291.55; deductions 1,227.50; net 7,064.05.
// Payments on 17 March: 001 in full (362.55 cash), 005 in part (300.00 Yape), 010 in full
// (840.00 transfer). Still owed: 7,266.05 (positive nets) − 1,502.55 = 5,763.50 to 9 members.
// Trial balance of March 2025 (debit / credit):
//   101 Caja        0.00 / 1,462.55   (advances 100 + 1,000 and the cash payment 362.55)
//   104 Bancos      0.00 / 1,190.00   (Yape advance 50, Yape payment 300, transfer 840)
//   142 Por cobrar  1,197.50 / 1,197.50 (advances 1,150 + inputs 35.50 + transport 12, withheld)
//   465 Por pagar   2,730.05 / 8,291.55 (deductions 1,227.50 + payments 1,502.55 / gross)
//   501 Aportes     0.00 / 20.00      601 Compras leche 8,291.55 / 0.00
//   702 Insumos     0.00 / 35.50      751 Cuotas 0.00 / 10.00      759 Otros ingresos 0.00 / 12.00
//   Totals 12,219.10 / 12,219.10.

const today = new Date('2025-03-17T10:00:00-05:00');

const names = [
	'Rosa Quispe Huamán',
	'Juan Rojas Ccanto',
	'María Poma Meza',
	'Teodoro Huaroc Limaylla',
	'Flor Cóndor Ricse',
	'Néstor Meza Quispe',
	'Julia Ricse Poma',
	'Alejandro Limaylla Rojas',
	'Edith Ccanto Huaroc',
	'Marcos Huamán Cóndor',
	'Luz Quispe Rojas',
	'Pedro Meza Ccanto'
];
const litersOf = (index: number) => 10 + index + 1;

const expectedNets: Record<string, string> = {
	'001': 'S/ 362.55',
	'002': 'S/ 467.30',
	'003': 'S/ 517.80',
	'004': 'S/ 562.40',
	'005': 'S/ 630.00',
	'006': 'S/ 622.00',
	'007': 'S/ 702.00',
	'008': 'S/ 756.00',
	'009': '-S/ 202.00',
	'010': 'S/ 840.00',
	'011': 'S/ 882.00',
	'012': 'S/ 924.00'
};

const expectedTrialBalance: [string, string, string][] = [
	['101', 'S/ 0.00', 'S/ 1,462.55'],
	['104', 'S/ 0.00', 'S/ 1,190.00'],
	['142', 'S/ 1,197.50', 'S/ 1,197.50'],
	['465', 'S/ 2,730.05', 'S/ 8,291.55'],
	['501', 'S/ 0.00', 'S/ 20.00'],
	['601', 'S/ 8,291.55', 'S/ 0.00'],
	['702', 'S/ 0.00', 'S/ 35.50'],
	['751', 'S/ 0.00', 'S/ 10.00'],
	['759', 'S/ 0.00', 'S/ 12.00']
];

type Special =
	| { kind: 'fat'; fatPct: string }
	| { kind: 'alcohol-fail' }
	| { kind: 'rejected'; liters: string; reason: string }
	| { kind: 'typo-corrected'; typed: string; reason: string };

/** The shifts with something other than plain liters, by "date shift member-index". */
const specials: Record<string, Special> = {
	'2025-03-05 am 0': { kind: 'fat', fatPct: '4.0' },
	'2025-03-06 pm 1': { kind: 'fat', fatPct: '3.0' },
	'2025-03-07 am 2': { kind: 'alcohol-fail' },
	'2025-03-08 pm 3': { kind: 'rejected', liters: '4', reason: 'Leche sucia' },
	'2025-03-09 am 4': { kind: 'typo-corrected', typed: '51', reason: 'Se anotó 51 en vez de 15' }
};

/** Registers the members and returns their ids, in code order. */
async function registerMembers(page: Page): Promise<string[]> {
	const ids: string[] = [];
	for (const name of names) {
		await page.goto('/socios/nuevo');
		await page.getByLabel('Nombres y apellidos').fill(name);
		await page.getByLabel('Distrito', { exact: true }).selectOption('Matahuasi');
		await page.getByRole('button', { name: 'Guardar' }).click();
		await page.waitForURL(/\/socios\/[0-9a-f-]{36}$/);
		ids.push(page.url().split('/').pop() as string);
	}
	return ids;
}

async function setPrice(page: Page) {
	await page.goto('/precios');
	await page.locator('#pricePerLiter').fill('1.40');
	await page.locator('#effectiveFrom').fill('2025-03-01');
	await page.getByRole('button', { name: 'Añadir tramo' }).click();
	await page.locator('#band-0-min').fill('0');
	await page.locator('#band-0-max').fill('3.2');
	await page.locator('#band-0-adjust').fill('-0.10');
	await page.getByRole('button', { name: 'Añadir tramo' }).click();
	await page.locator('#band-1-min').fill('3.8');
	await page.locator('#band-1-adjust').fill('0.05');
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('Precio guardado.')).toBeVisible();
}

async function openShift(page: Page, date: string, shift: 'am' | 'pm') {
	await page.locator('#sheet-date').fill(date);
	await page.getByRole('radio', { name: shift === 'am' ? 'Mañana' : 'Tarde' }).click();
	await expect(
		page.getByRole('radio', { name: shift === 'am' ? 'Mañana' : 'Tarde' })
	).toHaveAttribute('aria-checked', 'true');
	await expect(page.getByLabel(`Litros de ${names[0]}`)).toBeVisible();
}

async function recordShift(page: Page, date: string, shift: 'am' | 'pm') {
	await openShift(page, date, shift);
	for (let index = 0; index < names.length; index++) {
		const name = names[index] as string;
		const special = specials[`${date} ${shift} ${index}`];
		const liters = page.locator(`#row-${index}-liters`);
		if (special?.kind === 'typo-corrected') {
			await liters.fill(special.typed);
			await liters.press('Enter');
			const row = page.locator('li.row', { hasText: name });
			// Keyboard, as on a phone with the sheet scrolled: the sticky bars may cover a row's buttons.
			await row.getByRole('button', { name: 'Corregir' }).press('Enter');
			await liters.fill(String(litersOf(index)));
			await row.getByLabel('Motivo de la corrección').fill(special.reason);
			await row.getByRole('button', { name: 'Guardar' }).press('Enter');
			await expect(row).toContainText(`${litersOf(index)} L`);
			continue;
		}
		await liters.fill(String(litersOf(index)));
		if (special) {
			const row = page.locator('li.row', { hasText: name });
			await row.getByRole('button', { name: `Calidad y rechazo de ${name}` }).press('Enter');
			if (special.kind === 'fat') await row.getByLabel('Grasa (%)').fill(special.fatPct);
			if (special.kind === 'alcohol-fail') {
				await row.getByLabel('Prueba de alcohol').selectOption('fail');
			}
			if (special.kind === 'rejected') {
				await row.getByLabel('Litros rechazados').fill(special.liters);
				await row.getByLabel('Motivo del rechazo').fill(special.reason);
			}
		}
		await liters.press('Enter');
	}
	// Every member's liters are on the sheet before the next shift is opened.
	await expect(page.locator('li.row.saved')).toHaveCount(names.length);
}

async function giveAdvance(
	page: Page,
	memberId: string,
	amount: string,
	date: string,
	method: string
) {
	await page.goto(`/socios/${memberId}/adelanto`);
	await page.locator('#amount').fill(amount);
	await page.locator('#date').fill(date);
	await page.getByText(method, { exact: true }).click();
	await page.getByRole('button', { name: 'Guardar' }).click();
	await page.waitForURL(new RegExp(`/socios/${memberId}$`));
}

async function recordCharge(
	page: Page,
	memberId: string,
	{
		amount,
		date,
		kind,
		description
	}: { amount: string; date: string; kind: string; description: string }
) {
	await page.goto(`/socios/${memberId}/cargo`);
	await page.locator('#amount').fill(amount);
	await page.locator('#date').fill(date);
	await page.getByText(kind, { exact: true }).click();
	await page.locator('#description').fill(description);
	await page.getByRole('button', { name: 'Guardar' }).click();
	await page.waitForURL(new RegExp(`/socios/${memberId}$`));
}

async function openStatement(page: Page, memberCode: string) {
	await page.goto('/liquidaciones?periodo=2025-03-1');
	await page.locator(`a.row[data-member="${memberCode}"]`).click();
	await expect(page.getByTestId('statement-member')).toContainText(memberCode);
}

async function pay(page: Page, amount: string, method: string) {
	await page.getByLabel('Monto a pagar (S/)').fill(amount);
	await page.getByText(method, { exact: true }).click();
	await page.getByRole('button', { name: 'Registrar pago' }).click();
}

async function expectPeriodFigures(page: Page) {
	await page.goto('/liquidaciones?periodo=2025-03-1');
	await expect(page.getByTestId('total-members')).toHaveText('12');
	await expect(page.getByTestId('total-liters')).toHaveText('5,923 L');
	await expect(page.getByTestId('total-gross')).toHaveText('S/ 8,291.55');
	await expect(page.getByTestId('total-deductions')).toHaveText('S/ 1,227.50');
	await expect(page.getByTestId('total-carried')).toHaveText('S/ 0.00');
	await expect(page.getByTestId('total-net')).toHaveText('S/ 7,064.05');
	for (const [memberCode, net] of Object.entries(expectedNets)) {
		await expect(page.locator(`a.row[data-member="${memberCode}"] [data-testid="net"]`)).toHaveText(
			net
		);
	}
}

async function expectOwedAndAccounts(page: Page) {
	await page.goto('/liquidaciones/por-pagar');
	await expect(page.getByTestId('owed-total')).toHaveText('S/ 5,763.50');
	await expect(page.getByTestId('owed')).toHaveCount(9);
	await expect(page.locator('[data-member="005"] [data-testid="owed"]')).toHaveText('S/ 330.00');

	await page.goto('/cuentas');
	await page.getByLabel('Mes').selectOption('2025-03');
	const table = page.getByTestId('trial-balance');
	await expect(table.locator('tbody tr')).toHaveCount(expectedTrialBalance.length);
	for (const [account, debit, credit] of expectedTrialBalance) {
		const row = table.locator(`tr[data-account="${account}"]`);
		await expect(row.getByTestId('debit')).toHaveText(debit);
		await expect(row.getByTestId('credit')).toHaveText(credit);
	}
	await expect(page.getByTestId('total-debit')).toHaveText('S/ 12,219.10');
	await expect(page.getByTestId('total-credit')).toHaveText('S/ 12,219.10');
	await expect(page.getByTestId('cash')).toHaveText('-S/ 1,462.55');
	await expect(page.getByTestId('bank')).toHaveText('-S/ 1,190.00');
}

// 360 deliveries are typed: a trace's screencast of each would only slow the phone's run down.
test.use({ trace: 'off' });

test('a fortnight from an empty book to paid statements, and the same figures offline', async ({
	page,
	context
}) => {
	test.setTimeout(900_000);
	await page.clock.setFixedTime(today);

	await configureBook(page, {
		name: 'Asociación de Productores de Matahuasi',
		legalForm: 'Cooperativa'
	});
	const memberIds = await registerMembers(page);
	const member = (memberCode: string) => memberIds[Number(memberCode) - 1] as string;
	await setPrice(page);

	await page.goto('/acopio');
	for (let day = 1; day <= 15; day++) {
		const date = `2025-03-${String(day).padStart(2, '0')}`;
		await recordShift(page, date, 'am');
		await recordShift(page, date, 'pm');
	}

	await giveAdvance(page, member('001'), '100', '2025-03-05', 'Efectivo');
	await giveAdvance(page, member('006'), '50', '2025-03-10', 'Yape');
	await giveAdvance(page, member('009'), '1000', '2025-03-12', 'Efectivo');
	await recordCharge(page, member('002'), {
		amount: '35.50',
		date: '2025-03-03',
		kind: 'Insumo al crédito',
		description: 'Sal mineral 5 kg'
	});
	await recordCharge(page, member('003'), {
		amount: '10',
		date: '2025-03-01',
		kind: 'Cuota social',
		description: 'Cuota de marzo'
	});
	await recordCharge(page, member('004'), {
		amount: '20',
		date: '2025-03-02',
		kind: 'Aporte de capital',
		description: 'Aporte 2025'
	});
	await recordCharge(page, member('007'), {
		amount: '12',
		date: '2025-03-04',
		kind: 'Transporte',
		description: 'Flete de leche'
	});

	// The preview equals the hand-checked figures before anything is issued.
	await expectPeriodFigures(page);
	await page.getByRole('button', { name: 'Emitir 12 liquidaciones' }).click();
	await expect(page.getByTestId('issue-notice')).toHaveText('Se emitieron 12 liquidaciones.');
	await expect(page.getByTestId('all-issued')).toBeVisible();
	await expectPeriodFigures(page);

	// Issuing twice is refused: the period has nothing left to issue.
	await page.reload();
	await expect(page.getByTestId('all-issued')).toHaveText(
		'Las liquidaciones de este periodo ya fueron emitidas. No se pueden emitir dos veces.'
	);
	await expect(page.getByRole('button', { name: /Emitir/ })).toHaveCount(0);

	// One statement in detail: lines, deduction and net as the producer will read them.
	await openStatement(page, '002');
	const statement = page.getByTestId('statement');
	await expect(statement).toContainText('S/ 15.60');
	await expect(statement).toContainText('S/ 487.20');
	await expect(statement).toContainText('-S/ 35.50');
	await expect(page.getByTestId('gross')).toHaveText('S/ 502.80');
	await expect(page.getByTestId('net')).toHaveText('S/ 467.30');

	// A payment above what is owed is refused at the field and nothing is recorded.
	await openStatement(page, '012');
	await pay(page, '1000', 'Efectivo');
	await expect(page.locator('#amount-error')).toHaveText(
		'Es más de lo que se debe: falta pagar S/ 924.00.'
	);
	await expect(page.locator('#amount')).toHaveValue('1000');
	await expect(page.getByTestId('paid')).toHaveText('S/ 0.00');

	await openStatement(page, '001');
	await pay(page, '362.55', 'Efectivo');
	await expect(page.getByTestId('paid-in-full')).toBeVisible();
	await expect(page.getByTestId('remaining')).toHaveText('S/ 0.00');

	await openStatement(page, '005');
	await pay(page, '300', 'Yape');
	await expect(page.getByText('Pago de S/ 300.00 registrado.')).toBeVisible();
	await expect(page.getByTestId('remaining')).toHaveText('S/ 330.00');
	await pay(page, '400', 'Yape');
	await expect(page.locator('#amount-error')).toHaveText(
		'Es más de lo que se debe: falta pagar S/ 330.00.'
	);

	await openStatement(page, '010');
	await pay(page, '840', 'Transferencia');
	await expect(page.getByTestId('paid-in-full')).toBeVisible();

	await expectOwedAndAccounts(page);

	// The network goes away and the app is reloaded: the same figures, from this phone alone.
	await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active !== null);
	await context.setOffline(true);
	await page.reload();
	await expectPeriodFigures(page);
	await expectOwedAndAccounts(page);
	await openStatement(page, '005');
	await expect(page.getByTestId('paid')).toHaveText('S/ 300.00');
	await context.setOffline(false);
});
