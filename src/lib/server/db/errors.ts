// Recognising PostgreSQL errors whichever driver raised them: node-postgres and PGlite both carry
// the SQLSTATE in `code`, and Drizzle may wrap the driver's error in `cause`.

export function isUniqueViolation(error: unknown): boolean {
	return sqlState(error) === '23505';
}

function sqlState(error: unknown): string | undefined {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		if (typeof current !== 'object') return undefined;
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
