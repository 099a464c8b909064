import { expect, test } from '@playwright/test';
import { configureBook } from './first-run';

// The association goes on the server and people join it, on 360×640 phones in Spanish: the
// treasurer connects the book she set up offline, invites a collector with a code and a QR, the
// collector joins on his own phone, logs out and in again, and loses access when the board
// removes it.

const run = Date.now().toString(36);

test('connect the book, invite a collector, join, log in again, lose access', async ({
	browser
}) => {
	const treasurerContext = await browser.newContext();
	const treasurer = await treasurerContext.newPage();
	const name = `Leche Concepción ${run}`;
	await configureBook(treasurer, { name, district: 'Concepción' });

	// Connect: the form starts with the book's name, and refuses a common password beside the field.
	await treasurer.goto('/mas/servidor');
	await expect(treasurer.getByRole('heading', { name: 'Conectar con el servidor' })).toBeVisible();
	await expect(treasurer.getByLabel('Nombre de la asociación')).toHaveValue(name);
	await treasurer.getByLabel('Tu nombre').fill('Rosa Quispe');
	await treasurer.getByLabel('Usuario').fill(`rosa-${run}`);
	await treasurer.getByLabel('Contraseña', { exact: true }).fill('12345678');
	await treasurer.getByRole('button', { name: 'Crear la asociación en el servidor' }).click();
	await expect(
		treasurer.getByText('Esa contraseña es de las más usadas y fácil de adivinar. Elige otra.')
	).toBeVisible();
	await expect(treasurer.getByLabel('Usuario')).toHaveValue(`rosa-${run}`);
	await treasurer.getByLabel('Contraseña', { exact: true }).fill('vaca-lechera-del-valle');
	await treasurer.getByRole('button', { name: 'Crear la asociación en el servidor' }).click();
	await expect(treasurer.getByRole('heading', { name: 'Tu cuenta', exact: true })).toBeVisible();
	await expect(treasurer.getByRole('main').getByText(name)).toBeVisible();
	await expect(treasurer.getByText('Junta directiva')).toBeVisible();

	// The session cookie is HttpOnly: scripts on the page cannot read it.
	expect(await treasurer.evaluate(() => document.cookie)).not.toContain('ayni_session');
	const cookies = await treasurerContext.cookies();
	expect(cookies.find((cookie) => cookie.name === 'ayni_session')).toMatchObject({
		httpOnly: true,
		sameSite: 'Lax'
	});

	// Invite a collector: a short code and its QR.
	await treasurer.getByRole('link', { name: /Invitar a una persona/ }).click();
	await treasurer.getByRole('group').getByText('Acopio', { exact: true }).click();
	await treasurer.getByRole('button', { name: 'Crear el código' }).click();
	const code = (await treasurer.getByTestId('invitation-code').textContent())?.trim() ?? '';
	expect(code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
	await expect(treasurer.getByAltText('Código QR para unirse a la asociación')).toBeVisible();
	await expect(treasurer.getByText('Esperando')).toBeVisible();

	// The collector's phone opens the QR's link.
	const collectorContext = await browser.newContext();
	const collector = await collectorContext.newPage();
	await configureBook(collector, { name: 'Mis apuntes', district: 'Concepción' });
	await collector.goto(`/unirse#codigo=${code}`);
	await expect(collector.getByLabel('Código de invitación')).toHaveValue(code);
	await collector.getByLabel('Tu nombre').fill('Pedro Huamán');
	await collector.getByLabel('Usuario').fill(`987 654 ${run}`);
	await collector.getByLabel('Contraseña', { exact: true }).fill('ordeño-de-la-mañana');
	await collector.getByRole('button', { name: 'Unirme a la asociación' }).click();
	await expect(collector.getByRole('heading', { name: 'Tu cuenta', exact: true })).toBeVisible();
	await expect(collector.getByRole('main').getByText(name)).toBeVisible();
	await expect(collector.getByRole('main').getByText('Acopio', { exact: true })).toBeVisible();

	// Log out and back in; a wrong password is refused and what was typed stays.
	await collector.getByRole('button', { name: 'Salir de la cuenta en este teléfono' }).click();
	await expect(collector.getByRole('heading', { name: 'Conectar con el servidor' })).toBeVisible();
	await collector.goto('/entrar');
	await collector.getByLabel('Usuario').fill(`987654${run}`);
	await collector.getByLabel('Contraseña', { exact: true }).fill('no-es-la-clave');
	await collector.getByRole('button', { name: 'Entrar' }).click();
	await expect(collector.getByText('Usuario o contraseña incorrectos.')).toBeVisible();
	await expect(collector.getByLabel('Usuario')).toHaveValue(`987654${run}`);
	await collector.getByLabel('Contraseña', { exact: true }).fill('ordeño-de-la-mañana');
	await collector.getByRole('button', { name: 'Entrar' }).click();
	await expect(collector.getByRole('heading', { name: 'Tu cuenta', exact: true })).toBeVisible();
	await collector.goto('/mas/servidor/dispositivos');
	await expect(collector.getByText('Este teléfono', { exact: true })).toBeVisible();

	// The board removes his access: his session ends at once.
	await treasurer.goto('/mas/servidor/personas');
	const row = treasurer.getByRole('listitem').filter({ hasText: 'Pedro Huamán' });
	await row.getByRole('button', { name: 'Quitar el acceso' }).click();
	await expect(row.getByText('Sin acceso')).toBeVisible();
	await collector.goto('/mas/servidor');
	await expect(collector.getByRole('heading', { name: 'Conectar con el servidor' })).toBeVisible();

	await collectorContext.close();
	await treasurerContext.close();
});
