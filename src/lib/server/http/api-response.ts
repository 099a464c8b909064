// How the API answers: JSON bodies, and failures as `{ error: "<rule_code>" }` with, for a body
// that breaks its schema or a rule about a field, `fields: [{ field, code }]` that a form shows
// beside the field (docs/api.md).
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gzipAsync = promisify(zlib.gzip);
const brotliAsync = promisify(zlib.brotliCompress);

export interface FieldProblem {
	field: string;
	code: string;
}

export function jsonResponse(status: number, body: unknown, headers: HeadersInit = {}): Response {
	const response = new Response(JSON.stringify(body), { status, headers });
	response.headers.set('content-type', 'application/json; charset=utf-8');
	return response;
}

export function errorResponse(
	status: number,
	error: string,
	extra: { fields?: FieldProblem[]; headers?: HeadersInit } = {}
): Response {
	const body = extra.fields ? { error, fields: extra.fields } : { error };
	return jsonResponse(status, body, extra.headers);
}

export function noContent(headers: HeadersInit = {}): Response {
	return new Response(null, { status: 204, headers });
}

export function fieldErrors(fields: FieldProblem[]): Response {
	return errorResponse(400, 'body_must_match_schema', { fields });
}

/**
 * A JSON answer compressed when the client accepts it: pulls on a slow rural connection carry
 * thousands of similar ops. Brotli with a 16 MiB window (browsers send `br` over HTTPS) also
 * matches repeats that lie far apart, like the same 500 members every shift; gzip's 32 KB window
 * does not, so it is only the fallback.
 */
export async function compressedJsonResponse(
	request: Request,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
): Promise<Response> {
	const text = Buffer.from(JSON.stringify(body), 'utf8');
	const accepted = request.headers.get('accept-encoding') ?? '';
	const encoding =
		text.length < compressMinBytes
			? undefined
			: /\bbr\b/.test(accepted)
				? 'br'
				: /\bgzip\b/.test(accepted)
					? 'gzip'
					: undefined;
	if (!encoding) return jsonResponse(status, body, headers);
	const compressed =
		encoding === 'br'
			? await brotliAsync(text, {
					params: {
						[zlib.constants.BROTLI_PARAM_QUALITY]: 5,
						[zlib.constants.BROTLI_PARAM_LGWIN]: 24,
						[zlib.constants.BROTLI_PARAM_SIZE_HINT]: text.length
					}
				})
			: await gzipAsync(text, { level: 6 });
	return new Response(new Uint8Array(compressed), {
		status,
		headers: {
			...headers,
			'content-type': 'application/json; charset=utf-8',
			'content-encoding': encoding,
			vary: 'accept-encoding'
		}
	});
}

/** Below this, compression's header costs more than it saves. */
const compressMinBytes = 1024;
