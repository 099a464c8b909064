// Validation failures as data a form or a sync report can show: which field, and the rule it broke.
// Our zod schemas use rule codes as messages ("text_too_long"); zod's built-in checks keep their
// own issue code ("invalid_type", "too_small"), since their default messages are English prose.
import type * as z from 'zod/mini';

export interface FieldError {
	/** The field's path joined with dots, e.g. "name" or "payload.liters"; "" for the whole value. */
	field: string;
	code: string;
}

const ruleCode = /^[a-z][a-z0-9_]*$/;

export function fieldErrorsFromZod(
	issues: readonly z.core.$ZodIssue[],
	prefix: readonly PropertyKey[] = []
): FieldError[] {
	return issues.flatMap((issue) => {
		const code = ruleCode.test(issue.message) ? issue.message : issue.code;
		if (issue.code === 'unrecognized_keys') {
			return issue.keys.map((key) => ({ field: joinPath([...prefix, ...issue.path, key]), code }));
		}
		return [{ field: joinPath([...prefix, ...issue.path]), code }];
	});
}

function joinPath(path: readonly PropertyKey[]): string {
	return path.map(String).join('.');
}
