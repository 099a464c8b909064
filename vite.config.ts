import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['localStorage', 'baseLocale']
		}),
		sveltekit(),
		SvelteKitPWA({
			// 'prompt': a new version waits until the user taps "Actualizar", so nothing half-typed
			// is reloaded away (forms also keep drafts, see src/lib/ui/draft.ts).
			registerType: 'prompt',
			injectRegister: false,
			manifest: {
				name: 'Ayni',
				short_name: 'Ayni',
				description:
					'Cuentas claras para productores y asociaciones del valle del Mantaro: acopio de leche, liquidaciones y caja, sin internet.',
				lang: 'es-PE',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				orientation: 'portrait',
				theme_color: '#1d5c3a',
				background_color: '#f6f3ea',
				icons: [
					{ src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			workbox: {
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webmanifest}', 'prerendered/**/*.html'],
				navigateFallback: '/',
				navigateFallbackDenylist: [/^\/api\//],
				clientsClaim: true,
				skipWaiting: false,
				cleanupOutdatedCaches: true
			}
		})
	],
	server: { port: 5173 },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					environment: 'node',
					setupFiles: ['./tests/setup-unit.ts'],
					// The property tests and the 1,000-book backup round trip take 5–40 s on an idle
					// 2-core machine; a busy one must not turn them into timeouts.
					testTimeout: 180_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 120_000,
					fileParallelism: false
				}
			}
		]
	}
});
