// Builds the store harness: one page that bundles src/lib/store as the app does (same code, same
// Dexie), for the store benchmark and the crash-safety e2e test. Not part of the product.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
	root,
	base: './',
	logLevel: 'warn',
	resolve: { alias: { $lib: fileURLToPath(new URL('../../src/lib', import.meta.url)) } },
	build: {
		outDir: fileURLToPath(new URL('../out/store-harness', import.meta.url)),
		emptyOutDir: true,
		target: 'es2022',
		minify: true
	}
});
