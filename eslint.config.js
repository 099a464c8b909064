import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Imports that would break a layer of DESIGN.md section 1 ("dependencies point one way"), plus
 * the rule that decimal.js is used only inside src/lib/domain/money.ts (section 3).
 */
const layerRules = (forbidden, { allowDecimal = false, allowClassicZod = false } = {}) => ({
	'no-restricted-imports': [
		'error',
		{
			paths: [
				...(allowDecimal
					? []
					: [
							{ name: 'decimal.js', message: 'decimal.js belongs to src/lib/domain/money.ts only.' }
						]),
				...(allowClassicZod
					? []
					: [
							{
								name: 'zod',
								message:
									"Import * as z from 'zod/mini': classic zod would add ~20 KB to a phone's first load."
							}
						])
			],
			patterns: forbidden.map((group) => ({
				group: [group, `${group}/*`],
				message: 'Layer boundary (DESIGN.md section 1).'
			}))
		}
	]
});
const testFiles = ['**/*.test.ts'];

// Globals the domain may use because every runtime has them; every other browser global is out.
const universalGlobals = new Set([
	'console',
	'queueMicrotask',
	'structuredClone',
	'URL',
	'URLSearchParams',
	'TextEncoder',
	'TextDecoder'
]);
const browserGlobals = Object.keys(globals.browser).filter((name) => !universalGlobals.has(name));

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'src/lib/paraglide/',
			'node_modules/',
			'data/',
			'test-results/',
			'playwright-report/',
			'bench/out/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				tsconfigRootDir: import.meta.dirname
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': [
				'error',
				{ checksVoidReturn: { attributes: false } }
			],
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'no-undef': 'off',
			// Ayni is served at the root with no base path, so plain hrefs are already resolved.
			'svelte/no-navigation-without-resolve': ['error', { ignoreLinks: true }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } }
	},
	{
		files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
		...ts.configs.disableTypeChecked
	},
	{
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: testFiles,
		rules: layerRules([])
	},
	{
		files: ['src/lib/domain/**/*.ts'],
		ignores: testFiles,
		rules: {
			...layerRules([
				'svelte',
				'dexie',
				'$app',
				'$lib/ops',
				'$lib/store',
				'$lib/sync',
				'$lib/server',
				'$lib/ui',
				'node:*'
			]),
			'no-restricted-globals': ['error', ...browserGlobals, 'process']
		}
	},
	{
		files: ['src/lib/domain/money.ts'],
		rules: layerRules(
			[
				'svelte',
				'dexie',
				'$app',
				'$lib/ops',
				'$lib/store',
				'$lib/sync',
				'$lib/server',
				'$lib/ui',
				'node:*'
			],
			{
				allowDecimal: true
			}
		)
	},
	{
		files: ['src/lib/ops/**/*.ts'],
		ignores: testFiles,
		rules: layerRules(['svelte', 'dexie', '$lib/store', '$lib/sync', '$lib/server', '$lib/ui'])
	},
	{
		files: ['src/lib/store/**/*.ts'],
		ignores: testFiles,
		rules: layerRules(['$lib/sync', '$lib/server', '$lib/ui'])
	},
	{
		files: ['src/lib/sync/**/*.ts'],
		ignores: testFiles,
		rules: layerRules(['$lib/server', '$lib/ui'])
	},
	{
		files: [
			'src/lib/ui/**/*',
			'src/routes/**/*.svelte',
			'src/routes/**/+page.ts',
			'src/routes/**/+layout.ts'
		],
		ignores: testFiles,
		rules: layerRules(['$lib/server'])
	},
	{
		files: ['src/lib/server/**/*.ts'],
		ignores: testFiles,
		rules: layerRules(['svelte', 'dexie', '$lib/store', '$lib/sync', '$lib/ui'], {
			allowClassicZod: true
		})
	}
);
