import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ precompress: true }),
		// Inline scripts are allowed only by hash or nonce. frame-ancestors cannot travel in the
		// <meta> tag of a prerendered page, so scripts/serve.js also sends it on every response.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// Absolute asset paths: the offline shell for "/" is also served for "/socios/…", where
		// relative "./_app" paths would point nowhere.
		paths: { relative: false },
		serviceWorker: { register: false },
		typescript: {
			// Type-check the tooling written in TypeScript too (tests, benchmarks, configs).
			config: (tsconfig) => {
				tsconfig.include.push('../playwright.config.ts', '../bench/**/*.ts', '../scripts/**/*.ts');
				return tsconfig;
			}
		}
	}
};

export default config;
