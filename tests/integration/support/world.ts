// A small server with two associations and someone of every role, written straight into the
// database (one precomputed password hash for everyone keeps it fast). Tests that need a person to
// act get their session token from here.
import type { Role } from '../../../src/lib/server/db/schema';
import { associations, invitations, memberships, users } from '../../../src/lib/server/db/schema';
import type { ApiServices } from '../../../src/lib/server/api/api-context';
import { createSession } from '../../../src/lib/server/auth/sessions';
import { hashPassword } from '../../../src/lib/server/auth/password-hash';
import {
	newInvitationCode,
	normalizeInvitationCode,
	sha256Hex
} from '../../../src/lib/server/auth/tokens';

export const worldPassword = 'chacra-de-maiz-2024';
let sharedHash: Promise<string> | undefined;
export function worldPasswordHash(): Promise<string> {
	sharedHash ??= hashPassword(worldPassword);
	return sharedHash;
}

export interface Person {
	userId: string;
	login: string;
	token: string;
	sessionId: string;
	memberId: string | null;
}

export interface World {
	a: {
		id: string;
		admin: Person;
		treasurer: Person;
		collector: Person;
		member: Person;
		otherMember: Person;
	};
	b: { id: string; admin: Person; member: Person };
	/** A pending invitation in A for a member, made by A's admin. */
	invitationA: { id: string; code: string };
	/** A pending invitation in A for a collector, made by A's treasurer. */
	invitationByTreasurerA: { id: string; code: string };
	/** A pending invitation in A for a treasurer, made by A's admin. */
	invitationForTreasurerA: { id: string; code: string };
	invitationB: { id: string; code: string };
}

let counter = 0;

export async function seedWorld(services: ApiServices): Promise<World> {
	const passwordHash = await worldPasswordHash();
	const now = services.now();
	const tag = `${process.pid}x${++counter}x${Math.random().toString(36).slice(2, 6)}`;
	const aId = crypto.randomUUID();
	const bId = crypto.randomUUID();

	return services.db.transaction(async (tx) => {
		await tx.insert(associations).values([
			{ id: aId, name: `Asociación A ${tag}`, createdAt: now },
			{ id: bId, name: `Asociación B ${tag}`, createdAt: now }
		]);
		const person = async (associationId: string, role: Role, label: string): Promise<Person> => {
			const userId = crypto.randomUUID();
			const login = `${label}-${tag}`;
			const memberId = role === 'member' ? crypto.randomUUID() : null;
			await tx
				.insert(users)
				.values({ id: userId, login, name: label, passwordHash, createdAt: now });
			await tx
				.insert(memberships)
				.values({ associationId, userId, role, memberId, createdAt: now });
			const session = await createSession(tx, { userId, deviceName: `${label} phone`, now });
			return { userId, login, token: session.token, sessionId: session.id, memberId };
		};
		const a = {
			id: aId,
			admin: await person(aId, 'admin', 'admin-a'),
			treasurer: await person(aId, 'treasurer', 'tesorera-a'),
			collector: await person(aId, 'collector', 'acopiador-a'),
			member: await person(aId, 'member', 'socia-a'),
			otherMember: await person(aId, 'member', 'socio-a')
		};
		const b = {
			id: bId,
			admin: await person(bId, 'admin', 'admin-b'),
			member: await person(bId, 'member', 'socio-b')
		};
		const invitation = async (associationId: string, role: Role, createdBy: string) => {
			const id = crypto.randomUUID();
			const code = newInvitationCode();
			await tx.insert(invitations).values({
				associationId,
				id,
				codeHash: sha256Hex(normalizeInvitationCode(code)),
				role,
				memberId: role === 'member' ? crypto.randomUUID() : null,
				createdBy,
				createdAt: now,
				expiresAt: new Date(now.getTime() + 7 * 24 * 3600 * 1000)
			});
			return { id, code };
		};
		return {
			a,
			b,
			invitationA: await invitation(aId, 'member', a.admin.userId),
			invitationByTreasurerA: await invitation(aId, 'collector', a.treasurer.userId),
			invitationForTreasurerA: await invitation(aId, 'treasurer', a.admin.userId),
			invitationB: await invitation(bId, 'member', b.admin.userId)
		};
	});
}
