import { afterAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { rmSync, writeFileSync } from 'node:fs';

// The domain must run unchanged in the browser, in Node and in tests (DESIGN.md section 1): the
// project's own lint configuration refuses UI, storage, server and browser-global dependencies.
const probePath = 'src/lib/domain/lint-probe.tmp.ts';

afterAll(() => rmSync(probePath, { force: true }));

async function lintDomainFile(code: string): Promise<string[]> {
	writeFileSync(probePath, code);
	const [result] = await new ESLint().lintFiles([probePath]);
	return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the domain layer boundary', () => {
	it.each([
		["import { mount } from 'svelte';\nexport const x = mount;\n", 'no-restricted-imports'],
		["import Dexie from 'dexie';\nexport const x = Dexie;\n", 'no-restricted-imports'],
		["import { db } from '$lib/server/db';\nexport const x = db;\n", 'no-restricted-imports'],
		["import { db } from '$lib/store/db';\nexport const x = db;\n", 'no-restricted-imports'],
		["import Decimal from 'decimal.js';\nexport const x = Decimal;\n", 'no-restricted-imports'],
		['export const x = window.location.href;\n', 'no-restricted-globals'],
		['export const x = localStorage.getItem("a");\n', 'no-restricted-globals'],
		['export const x = fetch;\n', 'no-restricted-globals']
	])('refuses %j', async (code, rule) => {
		const messages = await lintDomainFile(code);
		expect(messages.some((message) => message.startsWith(rule))).toBe(true);
	});

	it('accepts pure code', async () => {
		expect(
			await lintDomainFile("import * as z from 'zod/mini';\nexport const x = z.string();\n")
		).toEqual([]);
	});
});
