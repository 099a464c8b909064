import { defineConfig, devices } from '@playwright/test';

// End-to-end tests run the built app (npm test builds it first) in the system Chromium: no
// browser is ever downloaded. Each run serves from a fresh embedded database.
const port = Number(process.env.E2E_PORT ?? 4173);
const dataDir = process.env.E2E_DATA_DIR ?? `./test-results/e2e-data-${Date.now()}`;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: 'list',
	use: {
		baseURL: `http://localhost:${port}`,
		locale: 'es-PE',
		timezoneId: 'America/Lima',
		...devices['Pixel 5'],
		viewport: { width: 360, height: 640 },
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		},
		serviceWorkers: 'allow',
		trace: 'retain-on-failure'
	},
	projects: [{ name: 'chromium-phone', use: { browserName: 'chromium' } }],
	webServer: {
		command: 'node scripts/serve.js',
		url: `http://localhost:${port}/api/health`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: { PORT: String(port), AYNI_DATA_DIR: dataDir, NO_PROXY: 'localhost,127.0.0.1' }
	}
});
