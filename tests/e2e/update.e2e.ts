import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, appendFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A new version deployed while the app is open: the waiting service worker is offered through a
// Spanish banner, and updating keeps whatever the person had typed. The "deploy" swaps the
// running server for a copy of the build whose service worker differs, on the same origin.

const port = 4175;
const nextBuildDir = 'test-results/update-next-build';
let server: ChildProcess | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'ayni-update-'));

async function serve(buildDir: string) {
	server?.kill();
	await new Promise((resolve) => setTimeout(resolve, 300));
	server = spawn('node', ['scripts/serve.js'], {
		env: { ...process.env, PORT: String(port), AYNI_BUILD_DIR: buildDir, AYNI_DATA_DIR: dataDir },
		stdio: 'ignore'
	});
	for (let attempt = 0; attempt < 100; attempt++) {
		try {
			if ((await fetch(`http://localhost:${port}/`)).ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('the server did not start');
}

test.beforeAll(() => {
	rmSync(nextBuildDir, { recursive: true, force: true });
	cpSync('build', nextBuildDir, { recursive: true });
	appendFileSync(join(nextBuildDir, 'client/sw.js'), '\n// próxima versión\n');
	for (const compressed of ['sw.js.br', 'sw.js.gz']) {
		rmSync(join(nextBuildDir, 'client', compressed), { force: true });
	}
});

test.afterAll(() => {
	server?.kill();
	rmSync(nextBuildDir, { recursive: true, force: true });
});

test('a new version is offered with "Actualizar" and nothing typed is lost', async ({ page }) => {
	await serve('build');
	await page.goto(`http://localhost:${port}/`);
	await page.getByLabel('Nombre de la asociación').fill('Ganaderos de Huayucachi');
	await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active !== null);
	// As on any later day: the app opens already controlled by the installed version.
	await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);

	await serve(nextBuildDir);
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		await registration?.update();
	});

	const banner = page.getByRole('alert').filter({ hasText: 'Hay una nueva versión de Ayni.' });
	await expect(banner).toBeVisible();
	await banner.getByRole('button', { name: 'Actualizar' }).click();

	await expect(banner).toBeHidden();
	await expect(page.getByLabel('Nombre de la asociación')).toHaveValue('Ganaderos de Huayucachi');
	await expect
		.poll(() =>
			page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting)
		)
		.toBeFalsy();
});
