// Which parts of the app the person in use works in, by their role in the association (DESIGN.md
// section 5): the directiva (admin, treasurer) keeps the whole book; a collector records the
// collection; a socio reads their own account and the association's prices. A book never connected
// to a server is its keeper's, whoever holds the phone. A book that was connected is shown only to
// someone logged in: a socio who logs in on the treasurer's phone, or anyone after she logs out,
// must not be shown the other members' accounts. Nobody is offered a form whose ops the server
// would refuse for their role. This shapes what the app shows; the data stays on the phone.
export type Workspace = 'book' | 'collection' | 'own-account' | 'locked';

export function workspaceOf({
	role,
	bookIsConnected
}: {
	/** The person's role in the association in use; undefined with nobody logged in. */
	role: string | undefined;
	bookIsConnected: boolean;
}): Workspace {
	if (role === undefined) return bookIsConnected ? 'locked' : 'book';
	if (role === 'admin' || role === 'treasurer') return 'book';
	if (role === 'collector') return 'collection';
	// A socio, or a role this version of the app does not know: the narrowest view.
	return 'own-account';
}

/** Pages anyone may open: the home page, the menu, logging in, sync and settings. */
const everyone = {
	pages: ['/', '/mas', '/mas/sincronizacion', '/mas/ajustes'],
	sections: ['/mas/servidor', '/entrar', '/unirse']
};
/** Sections of each narrow workspace; /precios is read-only outside the book. */
const sectionsOf: Record<Exclude<Workspace, 'book'>, string[]> = {
	collection: ['/acopio', '/precios'],
	'own-account': ['/mi-cuenta', '/precios'],
	locked: []
};

function within(path: string, section: string): boolean {
	return path === section || path.startsWith(`${section}/`);
}

/** Whether the page at `path` is part of this workspace. */
export function pathAllowed({ path, workspace }: { path: string; workspace: Workspace }): boolean {
	if (workspace === 'book' || everyone.pages.includes(path)) return true;
	return [...everyone.sections, ...sectionsOf[workspace]].some((section) => within(path, section));
}
