// The workspace of the person using the app now (access.ts), from the session, the book on this
// phone and whether that book has synced with its server. Read inside $derived or markup: it is
// reactive.
import { sessionManager } from '$lib/sync/session-manager.svelte';
import { syncManager } from '$lib/sync/sync-manager.svelte';
import { workspaceOf, type Workspace } from './access';
import { associationState } from './association-state.svelte';

export function currentWorkspace(): Workspace {
	const view = associationState.view;
	const signedIn = sessionManager.status === 'signed-in';
	if (view.status !== 'ok') {
		// No book yet (a new phone joining), or not read yet: a phone that synced a book shows
		// nothing of it to nobody in the meantime.
		const role = signedIn ? sessionManager.activeMembership?.role : undefined;
		return workspaceOf({ role, bookIsConnected: syncManager.hasSyncedAny });
	}
	const bookId = view.association.associationId;
	// The role in this book's association: being the treasurer of another one opens nothing here.
	const membership = sessionManager.memberships.find((item) => item.associationId === bookId);
	return workspaceOf({
		role: signedIn ? membership?.role : undefined,
		bookIsConnected: syncManager.hasSynced(bookId)
	});
}
