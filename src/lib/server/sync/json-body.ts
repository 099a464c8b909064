// Reading a JSON request body safely. A sync body comes from phones we do not control, so it is
// bounded in size before it is parsed, must declare itself as JSON (a `text/plain` body is how a
// cross-site form smuggles a request past CORS, DESIGN.md section 5), may be gzipped, and any
// failure is a 4xx with the rule's name, never an exception.
import { gunzipSync } from 'node:zlib';
import { syncFailure, type SyncFailure, type SyncFailureStatus } from './sync-response';

/** 1000 ops of a few hundred bytes each, with room for long statements. */
export const maxJsonBodyBytes = 8 * 1024 * 1024;

export type JsonBodyResult =
	{ ok: true; value: unknown } | { ok: false; status: SyncFailureStatus; body: SyncFailure };

/** Parses a body already in memory; the endpoint and the fuzz tests share this path. */
export function parseJsonBody({
	contentType,
	contentEncoding,
	bytes,
	maxBytes = maxJsonBodyBytes
}: {
	contentType: string | null;
	contentEncoding?: string | null;
	bytes: Uint8Array;
	maxBytes?: number;
}): JsonBodyResult {
	const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
	if (mediaType !== 'application/json') {
		return { ok: false, ...syncFailure(415, 'content_type_must_be_json') };
	}
	if (bytes.byteLength > maxBytes) {
		return { ok: false, ...syncFailure(413, 'body_must_not_exceed_limit') };
	}
	let raw = bytes;
	const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
	if (encoding === 'gzip') {
		try {
			// The limit applies to the unzipped size too, or a small gzip bomb would pass.
			raw = gunzipSync(bytes, { maxOutputLength: maxBytes });
		} catch {
			return { ok: false, ...syncFailure(400, 'body_must_be_valid_gzip') };
		}
	} else if (encoding !== 'identity') {
		return { ok: false, ...syncFailure(415, 'content_encoding_must_be_gzip_or_identity') };
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
	} catch {
		return { ok: false, ...syncFailure(400, 'body_must_be_utf8') };
	}
	try {
		// JSON.parse may also throw RangeError on absurd nesting; that is the sender's fault too.
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false, ...syncFailure(400, 'body_must_be_json') };
	}
}

/** Reads a request's body with the size limit enforced while streaming, then parses it. */
export async function readJsonBody(
	request: Request,
	maxBytes: number = maxJsonBodyBytes
): Promise<JsonBodyResult> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > maxBytes) return { ok: false, ...syncFailure(413, 'body_must_not_exceed_limit') };
	const chunks: Uint8Array[] = [];
	let total = 0;
	if (request.body) {
		const reader = request.body.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.byteLength;
			if (total > maxBytes) {
				await reader.cancel();
				return { ok: false, ...syncFailure(413, 'body_must_not_exceed_limit') };
			}
			chunks.push(value);
		}
	}
	const bytes = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return parseJsonBody({
		contentType: request.headers.get('content-type'),
		contentEncoding: request.headers.get('content-encoding'),
		bytes,
		maxBytes
	});
}
