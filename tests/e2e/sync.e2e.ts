import { expect, test, type Page } from '@playwright/test';

// Two phones through the real server, at 360×640 in Spanish: the treasurer connects her book,
// records the morning's milk with no signal, and the header says what waits; when the signal comes
// back it syncs by itself. A producer's phone joins with an invitation, watches the book arrive and
// sees their own deliveries, never another member's.

const run = Date.now().toString(36);

async function configure(page: Page, name: string) {
	await page.goto('/');
	await page.getByLabel('Nombre de la asociación').fill(name);
	await page.getByText('Asociación', { exact: true }).click();
	await page.getByLabel('Distrito', { exact: true }).selectOption('Matahuasi');
	await page.getByText('Cada quincena').click();
	await page.getByRole('button', { name: 'Guardar y empezar' }).click();
	await expect(page.getByRole('heading', { name: `Bienvenido a ${name}` })).toBeVisible();
}

async function registerMember(page: Page, name: string, code: string) {
	await page.goto('/socios/nuevo');
	await expect(page.getByText(`Código asignado: ${code}`)).toBeVisible();
	await page.getByLabel('Nombres y apellidos').fill(name);
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByRole('heading', { name: `${code} ${name}` })).toBeVisible();
}

test('offline deliveries reach the server, and a member sees only their own', async ({
	browser
}) => {
	const treasurerContext = await browser.newContext();
	const treasurer = await treasurerContext.newPage();
	const name = `Lecheros de Matahuasi ${run}`;
	await configure(treasurer, name);
	await expect(treasurer.getByTestId('sync-chip')).toContainText('Sin servidor configurado');
	await registerMember(treasurer, 'Rosa Huamán Quispe', '001');
	await registerMember(treasurer, 'Juan Poma Meza', '002');

	// Connect the book: what was recorded before is hers, and goes to the server.
	await treasurer.goto('/mas/servidor');
	await treasurer.getByLabel('Tu nombre').fill('Marta Rojas');
	await treasurer.getByLabel('Usuario').fill(`marta-${run}`);
	await treasurer.getByLabel('Contraseña', { exact: true }).fill('vaca-lechera-del-valle');
	await treasurer.getByRole('button', { name: 'Crear la asociación en el servidor' }).click();
	await expect(treasurer.getByRole('heading', { name: 'Tu cuenta', exact: true })).toBeVisible();
	await expect(treasurer.getByTestId('sync-chip')).toContainText('Sincronizado');
	await expect(treasurer.getByTestId('sync-chip')).not.toContainText('pendiente');

	// Invite Rosa as a member linked to her socio.
	await treasurer.getByRole('link', { name: /Invitar a una persona/ }).click();
	await treasurer.getByRole('group').getByText('Socio o socia', { exact: true }).click();
	await treasurer
		.getByLabel('¿Qué socio o socia es?')
		.selectOption({ label: '001 · Rosa Huamán Quispe' });
	await treasurer.getByRole('button', { name: 'Crear el código' }).click();
	const code = (await treasurer.getByTestId('invitation-code').textContent())?.trim() ?? '';
	expect(code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);

	// No signal at the collection point: the morning shift is recorded on the phone.
	await treasurer.goto('/acopio?turno=am');
	await expect(treasurer.getByLabel('Litros de Rosa Huamán Quispe')).toBeVisible();
	await treasurerContext.setOffline(true);
	await treasurer.getByLabel('Litros de Rosa Huamán Quispe').fill('12,5');
	await treasurer.getByLabel('Litros de Rosa Huamán Quispe').press('Enter');
	await treasurer.getByLabel('Litros de Juan Poma Meza').fill('30');
	await treasurer.getByLabel('Litros de Juan Poma Meza').press('Enter');
	await expect(treasurer.getByTestId('total-liters')).toHaveText('42.5 L');
	await expect(treasurer.getByTestId('sync-chip')).toContainText('Sin conexión · 2 pendientes');

	// Logging out now would leave them behind: the phone says so and asks again; nothing is lost.
	await treasurer.getByRole('link', { name: 'Más' }).click();
	await treasurer.getByRole('link', { name: /Conectar con el servidor/ }).click();
	await treasurer.getByRole('button', { name: 'Salir de la cuenta en este teléfono' }).click();
	await expect(treasurer.getByText('Tienes 2 anotaciones sin enviar. No se borran')).toBeVisible();
	await expect(treasurer.getByRole('button', { name: 'Salir de todos modos' })).toBeVisible();
	await expect(treasurer.getByRole('heading', { name: 'Tu cuenta', exact: true })).toBeVisible();

	// The signal comes back: the phone syncs by itself.
	await treasurerContext.setOffline(false);
	await expect(treasurer.getByTestId('sync-chip')).toContainText('Sincronizado', {
		timeout: 15_000
	});
	await expect(treasurer.getByTestId('sync-chip')).not.toContainText('pendiente');

	// Rosa's phone, new, joins with the code and watches the book arrive.
	const memberContext = await browser.newContext();
	const member = await memberContext.newPage();
	await member.goto(`/unirse#codigo=${code}`);
	await expect(member.getByLabel('Código de invitación')).toHaveValue(code);
	await member.getByLabel('Tu nombre').fill('Rosa Huamán');
	await member.getByLabel('Usuario').fill(`rosa-${run}`);
	await member.getByLabel('Contraseña', { exact: true }).fill('ordeño-de-la-mañana');
	await member.getByRole('button', { name: 'Unirme a la asociación' }).click();
	await expect(member.getByRole('heading', { name: 'Sincronización' })).toBeVisible();
	await expect(member.getByText('Listo: el libro está en este teléfono.')).toBeVisible();
	await member.getByRole('link', { name: 'Continuar' }).click();
	await expect(member.getByRole('heading', { name: `Bienvenido a ${name}` })).toBeVisible();

	// Her own deliveries, and not Juan's.
	await member.getByRole('link', { name: /Mi cuenta/ }).click();
	await expect(member.getByRole('heading', { name: 'Mis entregas' })).toBeVisible();
	await expect(member.getByText('001 Rosa Huamán Quispe')).toBeVisible();
	await expect(member.getByTestId('my-deliveries')).toContainText('12.5 L');
	await expect(member.getByTestId('my-deliveries').getByRole('listitem')).toHaveCount(1);
	await expect(member.getByRole('heading', { name: 'Mis liquidaciones' })).toBeVisible();
	await member.goto('/socios');
	await expect(member.getByText('Rosa Huamán Quispe')).toBeVisible();
	await expect(member.getByText('Juan Poma Meza')).toBeHidden();
	await member.goto('/mas/sincronizacion');
	await expect(member.getByText('Tu cuenta de socio no envía anotaciones')).toBeVisible();

	await memberContext.close();
	await treasurerContext.close();
});
