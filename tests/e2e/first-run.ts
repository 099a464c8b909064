import { expect, type Page } from '@playwright/test';

/** Sets up the association book on the first-run screen, as a new treasurer does. */
export async function configureBook(
	page: Page,
	{
		name,
		legalForm = 'Asociación',
		district = 'Matahuasi',
		cycle = 'Cada quincena'
	}: {
		name: string;
		legalForm?: 'Asociación' | 'Cooperativa';
		district?: string;
		cycle?: 'Cada quincena' | 'Cada mes';
	}
): Promise<void> {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Configura tu asociación' })).toBeVisible();
	await page.getByLabel('Nombre de la asociación').fill(name);
	await page.getByText(legalForm, { exact: true }).click();
	await page.getByLabel('Distrito', { exact: true }).selectOption(district);
	await page.getByText(cycle).click();
	await page.getByRole('button', { name: 'Guardar y empezar' }).click();
	await expect(page.getByRole('heading', { name: `Bienvenido a ${name}` })).toBeVisible();
}
