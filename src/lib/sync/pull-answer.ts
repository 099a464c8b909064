// A pull page as the phone reads it: the server's `{ops}` or, when it knows `format=columns`,
// `{pack}` unpacked here into the same ops. Its own module so that the unpacker loads with the
// first pull, not with the first screen.
import * as z from 'zod/mini';
import { businessDate } from '$lib/domain/wire-values';
import { unpackOps } from '$lib/ops/op-columns';
import type { PullAnswer } from './sync-transport';

/** A page as plain ops or, from servers that know `format=columns`, packed by columns. */
export const pullAnswerSchema = z.pipe(
	z.object({
		ops: z.optional(z.array(z.unknown())),
		pack: z.optional(z.unknown()),
		next: z.number().check(z.int(), z.nonnegative()),
		more: z.boolean(),
		view: z.optional(z.string()),
		head: z.optional(z.number().check(z.int(), z.nonnegative())),
		since: z.optional(businessDate)
	}),
	z.transform((page, context): PullAnswer => {
		const ops = page.pack === undefined ? page.ops : unpackOps(page.pack);
		if (!ops) {
			context.issues.push({ code: 'custom', message: 'pack_must_be_valid', input: page.pack });
			return z.NEVER;
		}
		const answer: PullAnswer = { ops, next: page.next, more: page.more };
		if (page.view !== undefined) answer.view = page.view;
		if (page.head !== undefined) answer.head = page.head;
		if (page.since !== undefined) answer.since = page.since;
		return answer;
	})
);
