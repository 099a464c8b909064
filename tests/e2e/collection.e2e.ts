import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { configureBook } from './first-run';

// Socios, precios and the collection sheet as a new treasurer meets them on a 360×640 phone:
// bad input is explained at the field and nothing typed is lost; every saved liter shows in the
// totals; a correction keeps the old figure in the history; advances and charges reach the
// member's estado de cuenta. The figures below are worked out by hand, not by the code under test.

async function registerMember(page: Page, name: string, code: string) {
	await page.goto('/socios/nuevo');
	await expect(page.getByText(`Código asignado: ${code}`)).toBeVisible();
	await page.getByLabel('Nombres y apellidos').fill(name);
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByRole('heading', { name: `${code} ${name}` })).toBeVisible();
}

test('a member with a bad DNI or mobile is refused at the field, and nothing typed is lost', async ({
	page
}) => {
	await configureBook(page, { name: 'Asociación de Productores de Mito', district: 'Mito' });
	await page.goto('/socios');
	await page.getByRole('link', { name: 'Nuevo socio' }).click();
	await page.getByLabel('Nombres y apellidos').fill('Rosa Huamán Quispe');
	await page.getByLabel('DNI (opcional)').fill('4123456');
	await page.getByLabel('Celular (opcional)').fill('812345678');
	await page.getByLabel('Distrito').selectOption('Matahuasi');
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('El DNI tiene 8 números.')).toBeVisible();
	await expect(page.getByText('El celular tiene 9 números y empieza con 9.')).toBeVisible();

	// A reload keeps the draft; nothing was saved.
	await page.reload();
	await expect(page.getByLabel('DNI (opcional)')).toHaveValue('4123456');
	await expect(page.getByLabel('Nombres y apellidos')).toHaveValue('Rosa Huamán Quispe');

	await page.getByLabel('DNI (opcional)').fill('41234567');
	await page.getByLabel('Celular (opcional)').fill('987654321');
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByRole('heading', { name: '001 Rosa Huamán Quispe' })).toBeVisible();
	await expect(page.getByText('41234567')).toBeVisible();
	await expect(page.getByText('Matahuasi')).toBeVisible();

	await registerMember(page, 'Juan Poma Meza', '002');
	await page.goto('/socios');
	await page.getByLabel('Buscar por nombre o código').fill('huaman');
	await expect(page.getByRole('link', { name: /Rosa Huamán Quispe/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /Juan Poma Meza/ })).toBeHidden();
	await page.getByLabel('Buscar por nombre o código').fill('2');
	await expect(page.getByRole('link', { name: /Juan Poma Meza/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /Rosa Huamán Quispe/ })).toBeHidden();

	// Retiring asks for a reason and keeps the member's page.
	await page.getByRole('link', { name: /Juan Poma Meza/ }).click();
	await page.getByRole('link', { name: 'Retirar socio' }).click();
	await page.getByRole('button', { name: 'Retirar' }).click();
	await expect(page.getByText('Escribe el motivo.')).toBeVisible();
	await page.getByLabel('Motivo del retiro').fill('Vendió sus vacas');
	await page.getByRole('button', { name: 'Retirar' }).click();
	await expect(page.getByText(/Retirado el .*: Vendió sus vacas/)).toBeVisible();
	await page.goto('/socios');
	await expect(page.getByText('1 socios activos')).toBeVisible();
});

test('a delivery the phone could not store is pointed out after the collector moved on, and nothing typed is lost', async ({
	page
}) => {
	await configureBook(page, { name: 'Asociación de Productores de Mito', district: 'Mito' });
	await registerMember(page, 'Rosa Huamán Quispe', '001');
	await registerMember(page, 'Juan Poma Meza', '002');
	await page.goto('/acopio?turno=am');
	const rosa = page.getByLabel('Litros de Rosa Huamán Quispe');
	const juan = page.getByLabel('Litros de Juan Poma Meza');
	await expect(rosa).toBeEditable();

	// The phone's storage is full: IndexedDB refuses to add to the log. The checks pass, so the
	// collector is already on the next row when the store answers.
	await page.evaluate(() => {
		const add = IDBObjectStore.prototype.add;
		(window as unknown as { restoreAdd: () => void }).restoreAdd = () => {
			IDBObjectStore.prototype.add = add;
		};
		IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args) {
			if (this.name === 'ops') throw new DOMException('Quota exceeded', 'QuotaExceededError');
			return add.apply(this, args);
		};
	});
	await rosa.fill('12,5');
	await rosa.press('Enter');
	await expect(juan).toBeFocused();
	const unsaved = page
		.getByRole('alert')
		.filter({ hasText: 'No se guardó la entrega de Rosa Huamán Quispe.' });
	await expect(unsaved).toContainText('Lo escrito sigue en su fila.');
	await expect(
		page.getByText('La memoria del teléfono está llena: no se guardó. Libera espacio')
	).toBeVisible();
	await expect(page.getByTestId('total-liters')).toHaveText('0 L');

	// Space freed: back to the row, the liters still typed, saved this time.
	await page.evaluate(() => (window as unknown as { restoreAdd: () => void }).restoreAdd());
	await unsaved.getByRole('button', { name: 'Ir a la fila' }).click();
	await expect(rosa).toBeFocused();
	await expect(rosa).toHaveValue('12,5');
	await rosa.press('Enter');
	await expect(page.getByTestId('total-liters')).toHaveText('12.5 L');
	await expect(unsaved).toBeHidden();
	await page.reload();
	await expect(page.getByTestId('total-liters')).toHaveText('12.5 L');
});

test('price, collection sheet with totals and a correction, advances and charges', async ({
	page
}) => {
	await configureBook(page, { name: 'Asociación de Productores de Mito', district: 'Mito' });

	// Precios: a price of 0 is refused; S/ 1.40 with a bonus of 0.05 from 3.5 % fat.
	await page.goto('/precios');
	await page.getByLabel('Precio base por litro (S/)').fill('0');
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('El precio debe ser mayor que cero.')).toBeVisible();
	await page.getByLabel('Precio base por litro (S/)').fill('1,40');
	await page.getByRole('button', { name: 'Añadir tramo' }).click();
	await page.getByLabel('Grasa desde (%)').fill('3,5');
	await page.getByLabel('S/ por litro').fill('0,05');
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('Precio guardado.')).toBeVisible();
	await expect(page.getByTestId('price-today')).toContainText('S/ 1.40');
	await expect(page.getByText('Grasa desde 3.5%: +S/ 0.05')).toBeVisible();

	await registerMember(page, 'Rosa Huamán Quispe', '001');
	await registerMember(page, 'Juan Poma Meza', '002');
	await registerMember(page, 'Flor Limaylla Cóndor', '003');

	// Acopio, morning shift: the members in code order; Enter saves and jumps to the next one.
	await page.goto('/acopio?turno=am');
	await expect(page.getByRole('radio', { name: 'Mañana' })).toHaveAttribute('aria-checked', 'true');
	await expect(page.getByText('Precio: S/ 1.40 por litro')).toBeVisible();
	const rosa = page.getByLabel('Litros de Rosa Huamán Quispe');
	const juan = page.getByLabel('Litros de Juan Poma Meza');
	const flor = page.getByLabel('Litros de Flor Limaylla Cóndor');
	await expect(rosa).toHaveAttribute('inputmode', 'decimal');

	await page.getByRole('button', { name: 'Calidad y rechazo de Rosa Huamán Quispe' }).click();
	await page.getByLabel('Grasa (%)').fill('3,6');
	await rosa.fill('12,5');
	await rosa.press('Enter');
	await expect(juan).toBeFocused();
	await expect(page.getByTestId('total-liters')).toHaveText('12.5 L');

	await juan.fill('-3');
	await juan.press('Enter');
	await expect(page.getByText('Los litros no pueden ser negativos.')).toBeVisible();
	// A refused value keeps the collector on the row, beside its message.
	await expect(juan).toBeFocused();
	await juan.fill('250');
	await juan.press('Enter');
	await expect(
		page.getByText('250 L en un turno es mucho. Revisa y vuelve a guardar para confirmar.')
	).toBeVisible();
	await expect(page.getByTestId('total-liters')).toHaveText('12.5 L');
	await expect(juan).toBeFocused();
	await juan.press('Enter');
	await expect(page.getByTestId('total-liters')).toHaveText('262.5 L');
	await expect(flor).toBeFocused();

	await flor.fill('8,555');
	await flor.press('Enter');
	await expect(page.getByText('Los litros llevan como máximo 2 decimales.')).toBeVisible();
	await expect(flor).toHaveValue('8,555');
	await flor.fill('8,5');
	await page.getByRole('button', { name: 'Siguiente' }).last().click();
	await expect(page.getByTestId('total-liters')).toHaveText('271 L');
	await expect(page.getByTestId('total-members')).toHaveText('3');
	await expect(page.getByTestId('total-fat')).toHaveText('3.60 %');

	// A correction: Juan delivered 25 L, not 250. The old figure stays in the history.
	const juanRow = page.getByRole('listitem').filter({ hasText: 'Juan Poma Meza' });
	await juanRow.getByRole('button', { name: 'Corregir' }).click();
	await juan.fill('25');
	await juanRow.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('Escribe el motivo.')).toBeVisible();
	await juanRow.getByLabel('Motivo de la corrección').fill('Eran 25 litros');
	await juanRow.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByTestId('total-liters')).toHaveText('46 L');
	await expect(juanRow.getByText('anulado: Eran 25 litros')).toBeVisible();

	// Reloaded, the sheet shows what the book holds.
	await page.reload();
	await expect(page.getByTestId('total-liters')).toHaveText('46 L');
	await expect(page.getByTestId('total-members')).toHaveText('3');
	await expect(juanRow.getByText('25 L', { exact: true })).toBeVisible();

	// The month's sheet as CSV for Excel: UTF-8 with BOM, comma-separated, point decimals.
	const downloading = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Descargar el mes (CSV)' }).click();
	const download = await downloading;
	const csv = await readFile((await download.path()) ?? '', 'utf8');
	expect(csv.startsWith('\uFEFFCódigo,Socio,Fecha,Turno,Litros')).toBe(true);
	expect(csv).toContain(',Rosa Huamán Quispe,');
	expect(csv).toContain(',Mañana,250.00,0.00,0.00,,,,,,Anulada');
	expect(csv).toContain(',Mañana,25.00,0.00,25.00,,,,,,Válida');

	// Rosa's estado de cuenta: 12.5 L × (1.40 + 0.05) = 18.125 → S/ 18.13.
	await page.goto('/socios');
	await page.getByRole('link', { name: /Rosa Huamán Quispe/ }).click();
	await expect(page.getByTestId('pending-liters')).toHaveText('12.5 L');
	await expect(page.getByTestId('pending-gross')).toHaveText('S/ 18.13');

	// An advance: 0 and a future date are refused; S/ 50 by Yape is recorded.
	await page.getByRole('link', { name: 'Dar adelanto' }).click();
	await page.getByLabel('Monto (S/)').fill('0');
	await page.getByLabel('Fecha').fill('2099-01-01');
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('El monto debe ser mayor que cero.')).toBeVisible();
	await expect(page.getByText('La fecha no puede ser futura.')).toBeVisible();
	await page.getByLabel('Monto (S/)').fill('50');
	await page.getByLabel('Fecha').fill(await todayInLima(page));
	await page.getByText('Yape', { exact: true }).click();
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('Adelantos · Yape')).toBeVisible();

	// An input on credit: a description is required.
	await page.getByRole('link', { name: 'Registrar cargo' }).click();
	await page.getByLabel('Monto (S/)').fill('30');
	await page.getByText('Insumo al crédito').click();
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('Escribe este dato.')).toBeVisible();
	await page.getByLabel('Descripción').fill('Sal mineral 5 kg');
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('Insumo al crédito · Sal mineral 5 kg')).toBeVisible();
	// 18.13 − 50.00 − 30.00 = −61.87
	await expect(page.getByTestId('pending-net')).toHaveText('-S/ 61.87');
});

async function todayInLima(page: Page): Promise<string> {
	return page.evaluate(() =>
		new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Lima' }).format(new Date())
	);
}
