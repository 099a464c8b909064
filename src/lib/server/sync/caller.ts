// Who is asking: a signed-in user acting in one association with one role. The sync service
// trusts this value (the endpoints build it from the session) and checks every op against it.
import type { Role } from '../db/schema';

export interface Caller {
	userId: string;
	associationId: string;
	role: Role;
	/** The socio this user is in the association book, when they are one. */
	memberId?: string;
}

/** Only an admin may undo a close: reopening a month changes figures the assembly approved. */
const adminOnlyTypes: ReadonlySet<string> = new Set(['period.reopened']);

/**
 * Which op types a role may push (DESIGN.md section 5): admin everything, treasurer everything but
 * a reopening, collector deliveries only, member nothing (their private book never syncs).
 */
export function roleAllowsType(role: Role, type: string): boolean {
	switch (role) {
		case 'admin':
			return true;
		case 'treasurer':
			return !adminOnlyTypes.has(type);
		case 'collector':
			return type.startsWith('delivery.');
		case 'member':
			return false;
	}
}

/** A role that may push no type at all is refused before any op is read. */
export function roleMayPush(role: Role): boolean {
	return role !== 'member';
}

/** Members read the book through a filter; everyone else reads all of it. */
export function roleSeesEverything(role: Role): boolean {
	return role !== 'member';
}

export function roleMayReadJournal(role: Role): boolean {
	return role === 'admin' || role === 'treasurer';
}
