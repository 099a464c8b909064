// Issues statements off the main thread. Writing 500 statements means cloning and storing some
// 1,500 records; in a worker that work never blocks a tap or a repaint on a cheap phone, and the
// worker's transactions are the same store code, so the rules checked are the same.
import { issueStatements, type IssueResult, type StatementDraft } from './settlement-writes';

/** Drafts arrive in slices (cloning 500 at once would block the page), then "run" starts. */
export type IssueRequest = { type: 'add'; drafts: StatementDraft[] } | { type: 'run' };
export type IssueMessage =
	{ type: 'progress'; done: number; total: number } | { type: 'done'; result: IssueResult };

const scope = self as unknown as {
	onmessage: ((event: MessageEvent<IssueRequest>) => void) | null;
	postMessage: (message: IssueMessage) => void;
};

const drafts: StatementDraft[] = [];

scope.onmessage = (event) => {
	const request = event.data;
	if (request.type === 'add') {
		for (const draft of request.drafts) drafts.push(draft);
		return;
	}
	// The run takes the drafts collected so far; the next run starts from none.
	const run = drafts.splice(0, drafts.length);
	void issueStatements({
		drafts: run,
		onProgress: ({ done, total }) => scope.postMessage({ type: 'progress', done, total })
	}).then((result) => scope.postMessage({ type: 'done', result }));
};
