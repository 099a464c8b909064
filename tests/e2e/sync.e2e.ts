import { expect, test, type Page } from '@playwright/test';
import { configureBook } from './first-run';

// Two phones through the real server, at 360×640 in Spanish: the treasurer connects her book,
// records the morning's milk with no signal, and the header says what waits; when the signal comes
// back it syncs by itself. A producer's phone joins with an invitation, watches the book arrive and
// sees their own deliveries, never another member's, also when she logs in on the treasurer's phone
// (which, with nobody logged in, shows no one the book it synced).

const run = Date.now().toString(36);

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
	await configureBook(treasurer, { name });
	await expect(treasurer.getByTestId('sync-chip')).toContainText('Sin servidor configurado');
	await registerMember(treasurer, 'Rosa Huamán Quispe', '001');
	await registerMember(treasurer, 'Juan Poma Meza', '002');
	await treasurer.goto('/precios');
	await treasurer.getByLabel('Precio base por litro (S/)').fill('1,45');
	await treasurer.getByRole('button', { name: 'Guardar' }).click();
	await expect(treasurer.getByTestId('price-today')).toContainText('S/ 1.45');

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
	await member.getByRole('link', { name: /Mis entregas, mis/ }).click();
	await expect(member.getByRole('heading', { name: 'Mis entregas' })).toBeVisible();
	await expect(member.getByText('001 Rosa Huamán Quispe')).toBeVisible();
	await expect(member.getByTestId('my-deliveries')).toContainText('12.5 L');
	await expect(member.getByTestId('my-deliveries').getByRole('listitem')).toHaveCount(1);
	await expect(member.getByRole('heading', { name: 'Mis liquidaciones' })).toBeVisible();
	// The association's price is hers to read, not to set.
	await expect(member.getByTestId('my-price')).toContainText('S/ 1.45');
	await member.getByRole('link', { name: 'Ver los precios anteriores' }).click();
	await expect(member.getByTestId('price-today')).toContainText('S/ 1.45');
	await expect(member.getByLabel('Precio base por litro (S/)')).toBeHidden();
	// The directiva's pages are not hers: her phone says whose they are and shows no one's account.
	await expect(member.getByRole('navigation', { name: 'Secciones' }).getByRole('link')).toHaveText([
		'Inicio',
		'Mi cuenta',
		'Más'
	]);
	await member.goto('/socios');
	await expect(member.getByTestId('not-your-part')).toContainText('la lleva la directiva');
	await expect(member.getByText('Juan Poma Meza')).toBeHidden();
	await member.goto('/mas/sincronizacion');
	await expect(member.getByText('Tu cuenta de socio no envía anotaciones')).toBeVisible();

	// The treasurer's phone, shared: with the collection sheet open in a second tab, she logs out and
	// Rosa logs in. The book stays on the phone, but Rosa sees only her own account, in both tabs.
	const otherTab = await treasurerContext.newPage();
	await otherTab.goto('/acopio?turno=am');
	await expect(otherTab.getByText('002 Juan Poma Meza')).toBeVisible();
	await treasurer.goto('/mas/servidor');
	await treasurer.getByRole('button', { name: 'Salir de la cuenta en este teléfono' }).click();
	await expect(treasurer.getByRole('heading', { name: 'Conectar con el servidor' })).toBeVisible();
	// With nobody logged in, the book this phone synced is closed to whoever holds it.
	await expect(otherTab.getByTestId('not-your-part')).toContainText('entra con tu cuenta');
	await treasurer.goto('/socios');
	await expect(treasurer.getByTestId('not-your-part')).toContainText('entra con tu cuenta');
	await expect(treasurer.getByText('Juan Poma Meza')).toBeHidden();
	await expect(treasurer.getByTestId('sync-chip')).toContainText('Sesión cerrada');

	// Being the treasurer of another association opens nothing of this book.
	const otherContext = await browser.newContext();
	const other = await otherContext.newPage();
	await configureBook(other, { name: `Cuyes de Aco ${run}` });
	await other.goto('/mas/servidor');
	await other.getByLabel('Tu nombre').fill('Nilda Ccanto');
	await other.getByLabel('Usuario').fill(`nilda-${run}`);
	await other.getByLabel('Contraseña', { exact: true }).fill('cuyes-de-la-quebrada');
	await other.getByRole('button', { name: 'Crear la asociación en el servidor' }).click();
	await expect(other.getByRole('heading', { name: 'Tu cuenta', exact: true })).toBeVisible();
	await otherContext.close();
	await treasurer.goto('/entrar');
	await treasurer.getByLabel('Usuario').fill(`nilda-${run}`);
	await treasurer.getByLabel('Contraseña', { exact: true }).fill('cuyes-de-la-quebrada');
	await treasurer.getByRole('button', { name: 'Entrar' }).click();
	await expect(treasurer.getByRole('heading', { name: 'Tu cuenta', exact: true })).toBeVisible();
	await treasurer.goto('/socios');
	await expect(treasurer.getByTestId('not-your-part')).toContainText('entra con tu cuenta');
	await expect(treasurer.getByText('Juan Poma Meza')).toBeHidden();
	await treasurer.goto('/mas/servidor');
	await treasurer.getByRole('button', { name: 'Salir de la cuenta en este teléfono' }).click();
	await expect(treasurer.getByRole('heading', { name: 'Conectar con el servidor' })).toBeVisible();

	await treasurer.goto('/entrar');
	await treasurer.getByLabel('Usuario').fill(`rosa-${run}`);
	await treasurer.getByLabel('Contraseña', { exact: true }).fill('ordeño-de-la-mañana');
	await treasurer.getByRole('button', { name: 'Entrar' }).click();
	await expect(treasurer.getByRole('heading', { name: 'Tu cuenta', exact: true })).toBeVisible();
	await expect(otherTab.getByTestId('not-your-part')).toBeVisible();
	await expect(otherTab.getByText('002 Juan Poma Meza')).toBeHidden();
	await treasurer.goto('/socios');
	await expect(treasurer.getByTestId('not-your-part')).toBeVisible();
	await expect(treasurer.getByText('Juan Poma Meza')).toBeHidden();
	await treasurer
		.getByRole('link', { name: /Mi cuenta/ })
		.first()
		.click();
	await expect(treasurer.getByText('001 Rosa Huamán Quispe')).toBeVisible();
	await expect(treasurer.getByTestId('my-deliveries')).toContainText('12.5 L');

	await memberContext.close();
	await treasurerContext.close();
});
