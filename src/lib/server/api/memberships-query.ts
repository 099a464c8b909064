// The associations a person belongs to, as the login and session answers list them.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/database';
import { associations, memberships, type Role } from '../db/schema';

export interface MembershipView {
	associationId: string;
	associationName: string;
	role: Role;
	memberId: string | null;
}

export async function listMemberships(db: Db, userId: string): Promise<MembershipView[]> {
	return db
		.select({
			associationId: memberships.associationId,
			associationName: associations.name,
			role: memberships.role,
			memberId: memberships.memberId
		})
		.from(memberships)
		.innerJoin(associations, eq(associations.id, memberships.associationId))
		.where(and(eq(memberships.userId, userId), isNull(memberships.disabledAt)))
		.orderBy(asc(associations.name), asc(memberships.associationId));
}
