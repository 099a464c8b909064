import { expect, test, type Route } from '@playwright/test';
import { periodContaining, previousPeriod } from '../../src/lib/domain/settlement-period';
import { todayInLima } from '../../src/lib/ops/business-date';
import type { Op } from '../../src/lib/ops/envelope';
import { mantaroAssociationOps } from '../fixtures/mantaro-association';
import { storedOpCount } from '../fixtures/stored-op-count';

// A new treasurer phone for a book with two months of history, at 360×640 in Spanish: the running
// fortnight and the socios come first, and she works on them while the earlier months arrive (here
// held back by the test until it has looked). Until they have, every page says which figures are
// incomplete, and Liquidaciones does not issue statements.

const run = Date.now().toString(36);
const login = `marta-historia-${run}`;
const password = 'vaca-lechera-del-valle';

test('a new phone works on the running period while the earlier months arrive', async ({
	browser,
	request,
	baseURL
}) => {
	// The association's server already holds the book another phone sent.
	const headers = { origin: baseURL ?? '' };
	const registered = await request.post('/api/auth/register', {
		headers,
		data: {
			associationName: `Lecheros de Sincos ${run}`,
			adminName: 'Marta Rojas',
			login,
			password
		}
	});
	expect(registered.status()).toBe(201);
	const { associationId, userId } = (await registered.json()) as {
		associationId: string;
		userId: string;
	};
	const today = todayInLima();
	const ops: Op[] = [];
	for (const op of mantaroAssociationOps({
		seed: 5,
		members: 8,
		months: 2,
		endDate: today,
		associationId,
		configure: true
	})) {
		ops.push({ ...op, actorId: userId });
	}
	for (let start = 0; start < ops.length; start += 1000) {
		const pushed = await request.post('/api/sync/push', {
			headers,
			data: { associationId, deviceId: 'other-phone-01', ops: ops.slice(start, start + 1000) }
		});
		expect(pushed.status()).toBe(200);
	}

	// Her new phone; the history's pages wait until the test lets them through.
	const context = await browser.newContext();
	const phone = await context.newPage();
	const held: Route[] = [];
	let holding = true;
	await phone.route(/\/api\/sync\/pull\?.*part=history/, (route) =>
		holding ? void held.push(route) : void route.continue()
	);
	await phone.goto('/entrar');
	await phone.getByLabel('Usuario').fill(login);
	await phone.getByLabel('Contraseña', { exact: true }).fill(password);
	await phone.getByRole('button', { name: 'Entrar', exact: true }).click();
	const since = periodContaining(today, 'quincenal').from;
	const sinceText = since.split('-').reverse().join('/');
	await expect(
		phone.getByText(`Ya puedes trabajar con el periodo actual, desde el ${sinceText}`)
	).toBeVisible();
	await expect(phone.getByText('Trayendo los meses anteriores')).toBeVisible();
	await phone.getByRole('link', { name: 'Continuar' }).click();
	await expect(phone.getByRole('heading', { name: /Bienvenido/ })).toBeVisible();
	await expect(phone.getByTestId('history-arriving')).toContainText(
		`las cifras de antes del ${sinceText} pueden estar incompletos`
	);

	// This fortnight's figures are whole; the last one's statements wait for the history.
	const current = periodContaining(today, 'quincenal');
	await phone.goto(`/liquidaciones?periodo=${current.key}`);
	await expect(phone.getByTestId('total-liters')).not.toHaveText('0 L');
	await phone.goto(`/liquidaciones?periodo=${previousPeriod(current).key}`);
	await expect(phone.getByTestId('history-arriving')).toBeVisible();
	await expect(phone.getByTestId('period-arriving')).toBeVisible();
	expect(held.length).toBeGreaterThan(0);

	// The earlier months arrive: the banner goes, and nothing was taken twice.
	holding = false;
	for (const route of held.splice(0)) await route.continue().catch(() => undefined);
	await expect(phone.getByTestId('history-arriving')).toBeHidden({ timeout: 30_000 });
	await expect(phone.getByTestId('period-totals')).toBeVisible();
	const stored = await storedOpCount(phone);
	const accepted = await request.get(
		`/api/sync/pull?associationId=${associationId}&after=0&limit=5000`
	);
	expect(stored).toBe(((await accepted.json()) as { ops: unknown[] }).ops.length);
	await context.close();
});
