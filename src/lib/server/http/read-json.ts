// Reads and validates a JSON request body: never more than a size limit (the stream is cut off,
// not buffered whole), JSON only, and checked with a zod schema. Every way a body can be wrong
// answers 4xx; nothing here throws past the caller.
import * as z from 'zod/mini';
import { fieldErrorsFromZod } from '../../ops/field-errors';
import { errorResponse, fieldErrors } from './api-response';

/** Auth bodies are a few fields; 16 KiB leaves room for long names and nothing else. */
export const authBodyBytesMax = 16 * 1024;

export type BodyResult<T> = { ok: true; value: T } | { ok: false; response: Response };

export async function readJson<Schema extends z.ZodMiniType>(
	request: Request,
	schema: Schema,
	bytesMax = authBodyBytesMax
): Promise<BodyResult<z.output<Schema>>> {
	const text = await readText(request, bytesMax);
	if (text === undefined) {
		return { ok: false, response: errorResponse(413, 'body_too_large') };
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, response: errorResponse(400, 'body_must_be_json') };
	}
	const checked = schema.safeParse(value);
	if (!checked.success) {
		return {
			ok: false,
			// At most 20: a fuzzed body with thousands of unknown keys gets a short answer.
			response: fieldErrors(fieldErrorsFromZod(checked.error.issues).slice(0, 20))
		};
	}
	return { ok: true, value: checked.data };
}

/** The body as text, or undefined when it is longer than `bytesMax`. */
async function readText(request: Request, bytesMax: number): Promise<string | undefined> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > bytesMax) return undefined;
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > bytesMax) {
			await reader.cancel().catch(() => {});
			return undefined;
		}
		chunks.push(value);
	}
	return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
