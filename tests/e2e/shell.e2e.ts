import { expect, test } from '@playwright/test';
import { configureBook } from './first-run';

// The walking skeleton as a new treasurer meets it on a 360×640 phone: first-run setup, data
// that survives reloads and the network going away, the language switch, and the headers every
// response carries.

test('first run: bad input is explained beside each field and nothing typed is lost', async ({
	page
}) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Guardar y empezar' }).click();
	await expect(page.getByText('Escribe este dato.')).toBeVisible();
	await expect(page.getByText('Elige una opción.')).toBeVisible();
	await expect(page.getByText('Elige un distrito de la lista u «Otro distrito».')).toBeVisible();

	const tooLong = 'Asociación '.repeat(9);
	await page.getByLabel('Nombre de la asociación').fill(tooLong);
	await page.getByRole('button', { name: 'Guardar y empezar' }).click();
	await expect(page.getByText('Máximo 80 letras.')).toBeVisible();
	await expect(page.getByLabel('Nombre de la asociación')).toHaveValue(tooLong);

	// "Otro distrito" asks for the district's name and refuses an empty one.
	await page.getByLabel('Distrito', { exact: true }).selectOption('otro');
	await page.getByRole('button', { name: 'Guardar y empezar' }).click();
	await expect(page.locator('#districtOther-error')).toHaveText('Escribe este dato.');
	await page.reload();
	// A reload keeps the draft of what was typed.
	await expect(page.getByLabel('Nombre de la asociación')).toHaveValue(tooLong);
});

test('first run saves the association; reload and offline reload still show it', async ({
	page,
	context
}) => {
	await configureBook(page, {
		name: 'Asociación de Productores Lecheros de Matahuasi',
		legalForm: 'Cooperativa'
	});
	await page.reload();
	await expect(page.getByText('Matahuasi', { exact: true })).toBeVisible();
	await expect(page.getByRole('banner')).toContainText(
		'Asociación de Productores Lecheros de Matahuasi'
	);
	await expect(page.getByRole('banner')).toContainText('Sin servidor configurado');

	// The service worker must control the page before the network goes away.
	await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active !== null);
	await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { name: /Bienvenido a/ })).toBeVisible();
	await expect(page.getByText('Cooperativa')).toBeVisible();
	for (const [link, heading] of [
		['Acopio', 'Acopio de leche'],
		['Socios', 'Socios'],
		['Cuentas', 'Cuentas'],
		['Más', 'Más']
	] as const) {
		await page.getByRole('navigation').getByRole('link', { name: link }).click();
		await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
	}
	// A section opened directly (not through the menu) works offline too.
	await page.goto('/mas/ajustes');
	await expect(page.getByRole('heading', { name: 'Ajustes' })).toBeVisible();
	await context.setOffline(false);
});

test('a tampered association record is reported in Spanish and can be set up again', async ({
	page
}) => {
	await configureBook(page, { name: 'Asociación Ganadera de Mito', legalForm: 'Cooperativa' });
	// Someone edits the stored row by hand: an unknown legal form and an empty name.
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('ayni');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const database = open.result;
					const store = database.transaction('association', 'readwrite').objectStore('association');
					const all = store.getAll();
					all.onsuccess = () => {
						const [row] = all.result as Record<string, unknown>[];
						store.put({ ...row, name: '', legalForm: 'sociedad anónima' });
						store.transaction.oncomplete = () => {
							database.close();
							resolve();
						};
					};
				};
			})
	);
	await page.reload();
	await expect(page.getByRole('alert')).toContainText(
		'Los datos guardados de la asociación están dañados'
	);
	await expect(page.getByRole('heading', { name: /Bienvenido a/ })).toHaveCount(0);

	// Setting it up again repairs the book; nothing of the damaged row is shown as if it were valid.
	await page.getByLabel('Nombre de la asociación').fill('Asociación Ganadera de Mito');
	await page.getByText('Asociación', { exact: true }).click();
	await page.getByLabel('Distrito', { exact: true }).selectOption('Mito');
	await page.getByText('Cada mes').click();
	await page.getByRole('button', { name: 'Guardar y empezar' }).click();
	await expect(
		page.getByRole('heading', { name: 'Bienvenido a Asociación Ganadera de Mito' })
	).toBeVisible();
	await page.reload();
	await expect(page.getByRole('alert')).toHaveCount(0);
	await expect(page.getByRole('banner')).toContainText('Asociación Ganadera de Mito');
});

test('the language switch turns the whole app to English and back', async ({ page }) => {
	await configureBook(page, { name: 'Criadores de Cuyes de Aco', legalForm: 'Cooperativa' });
	await page.getByRole('link', { name: 'Más' }).click();
	await page.getByRole('link', { name: /Ajustes/ }).click();
	await page.getByText('English').click();
	await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Home' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.reload();
	await expect(
		page.getByRole('navigation').getByRole('link', { name: 'Collection' })
	).toBeVisible();
	await page.getByText('Español').click();
	await expect(page.getByRole('heading', { name: 'Ajustes' })).toBeVisible();
});

test('every response carries the security headers', async ({ request }) => {
	for (const path of ['/', '/acopio', '/manifest.webmanifest', '/api/health']) {
		const response = await request.get(path);
		const headers = response.headers();
		expect(headers['x-content-type-options'], path).toBe('nosniff');
		expect(headers['referrer-policy'], path).toBeTruthy();
		expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
	}
	const csp = (await request.get('/acopio')).headers()['content-security-policy'] ?? '';
	const scriptSrc = csp.split(';').find((directive) => directive.trim().startsWith('script-src'));
	expect(scriptSrc).toBeDefined();
	expect(scriptSrc).not.toContain("'unsafe-inline'");
	expect(scriptSrc).toMatch(/'(nonce|sha256)-/);
});

test('the web manifest makes Ayni installable', async ({ request }) => {
	const manifest = await (await request.get('/manifest.webmanifest')).json();
	expect(manifest).toMatchObject({ name: 'Ayni', display: 'standalone', lang: 'es-PE' });
	expect(manifest.description).toMatch(/sin internet/);
	const purposes = manifest.icons.map(
		(icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`
	);
	expect(purposes).toEqual(
		expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable'])
	);
	for (const icon of manifest.icons) expect((await request.get(icon.src)).ok()).toBe(true);
});

test.describe('a part of the app that does not load', () => {
	// Without the service worker the app's files come from the network, where they can fail.
	test.use({ serviceWorkers: 'block' });

	test('is offered again instead of being called a page that does not exist', async ({ page }) => {
		await configureBook(page, { name: 'Asociación de Productores de Sincos' });
		await page.route('**/_app/immutable/**', (route) => route.abort('connectionreset'));
		await page.getByRole('link', { name: 'Socios' }).click();
		await expect(
			page.getByRole('heading', { name: 'No se pudo abrir esta página.', exact: true })
		).toBeVisible();
		await expect(page.getByText('Revisa la conexión y vuelve a intentarlo.')).toBeVisible();
		await page.unroute('**/_app/immutable/**');
		await page.getByRole('button', { name: 'Volver a intentar' }).click();
		await expect(page.getByRole('heading', { name: 'Socios', exact: true })).toBeVisible();

		await page.goto('/no-hay-tal-pagina');
		await expect(page.getByRole('heading', { name: 'Esta página no existe.' })).toBeVisible();
	});
});
