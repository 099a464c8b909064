import { expect, test } from '@playwright/test';
import { configureBook } from './first-run';

// "Cargar datos de ejemplo" on an empty book, as someone trying Ayni out meets it at 360×640: a
// Mantaro association of 40 socios with two months of milk, each fortnight's statements with
// their payments, and the plant's sales. Its accounts add up, and none of it waits to be sent.

test('the sample association loads from Ajustes, with statements paid and accounts that add up', async ({
	page
}) => {
	await configureBook(page, { name: 'Asociación de prueba' });
	await page.goto('/mas/ajustes');
	await page.getByRole('button', { name: 'Cargar datos de ejemplo' }).click();
	await expect(page.getByText('Datos de ejemplo cargados: 40 socios.')).toBeVisible({
		timeout: 60_000
	});
	await expect(page.getByRole('button', { name: 'Cargar datos de ejemplo' })).toBeHidden();

	await page.getByRole('link', { name: 'Socios' }).click();
	await expect(page.getByText('40 socios activos')).toBeVisible();
	await page.locator('.list a').first().click();
	await expect(page.getByRole('heading', { name: 'Liquidaciones' })).toBeVisible();
	await expect(page.getByText(/pagado S\//).first()).toBeVisible();

	await page.getByRole('link', { name: 'Cuentas' }).click();
	await expect(page.getByText('Cuadra: el debe y el haber suman lo mismo.')).toBeVisible();

	// Made-up accounts never go to a server: nothing is waiting to be sent.
	await expect(page.getByTestId('sync-chip')).toContainText('Sin servidor configurado');
	await expect(page.getByTestId('sync-chip')).not.toContainText('pendiente');
});
