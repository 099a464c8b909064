// The association server's tables (Drizzle, PostgreSQL dialect; the same schema runs on PGlite).
// Every table that belongs to one tenant leads its primary key and indexes with association_id,
// so PostgreSQL can later be distributed by tenant (Citus) without rewriting keys; users and
// sessions belong to a person, who may sit in several associations (see docs/scaling.md).
import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	date,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';

export const roles = ['admin', 'treasurer', 'collector', 'member'] as const;
export type Role = (typeof roles)[number];

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull();

/** A tenant: one association's shared book and its people. */
export const associations = pgTable('associations', {
	id: uuid('id').primaryKey(),
	name: text('name').notNull(),
	createdAt: createdAt(),
	/** The last `seq` handed to an op of this association; bumped under the row's lock. */
	opsLastSeq: bigint('ops_last_seq', { mode: 'number' }).notNull().default(0)
});

/** A person's account. The login is normalised (see auth/login-name.ts) and unique server-wide. */
export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey(),
		login: text('login').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		createdAt: createdAt(),
		passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }),
		/** Set by the server's operator; a disabled account cannot log in anywhere. */
		disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' })
	},
	(table) => [uniqueIndex('users_login_unique').on(table.login)]
);

/** Who belongs to which association, with which role, and (for a socio) which member they are. */
export const memberships = pgTable(
	'memberships',
	{
		associationId: uuid('association_id')
			.notNull()
			.references(() => associations.id),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		role: text('role', { enum: roles }).notNull(),
		/** The socio's id in the association book (`member.registered`.memberId). */
		memberId: uuid('member_id'),
		createdAt: createdAt(),
		/** Set by an admin of this association; the person keeps their other associations. */
		disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' })
	},
	(table) => [
		primaryKey({ columns: [table.associationId, table.userId] }),
		index('memberships_user').on(table.userId),
		check(
			'memberships_role_known',
			sql`${table.role} in ('admin', 'treasurer', 'collector', 'member')`
		)
	]
);

/**
 * A device's login. Only the SHA-256 of the token is stored, so a copy of the database cannot
 * be replayed as a session. It ends when idle too long, at its absolute end, or when closed.
 */
export const sessions = pgTable(
	'sessions',
	{
		id: uuid('id').primaryKey(),
		tokenHash: text('token_hash').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		deviceName: text('device_name').notNull(),
		createdAt: createdAt(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
		absoluteExpiresAt: timestamp('absolute_expires_at', {
			withTimezone: true,
			mode: 'date'
		}).notNull()
	},
	(table) => [
		uniqueIndex('sessions_token_hash_unique').on(table.tokenHash),
		index('sessions_user').on(table.userId)
	]
);

/**
 * An invitation to join one association with a role (and, for a member, as which socio). The
 * code itself is shown once and stored only as a hash: it is a secret until it is used.
 */
export const invitations = pgTable(
	'invitations',
	{
		associationId: uuid('association_id')
			.notNull()
			.references(() => associations.id),
		id: uuid('id').notNull(),
		codeHash: text('code_hash').notNull(),
		role: text('role', { enum: roles }).notNull(),
		memberId: uuid('member_id'),
		createdBy: uuid('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
		usedBy: uuid('used_by').references(() => users.id),
		revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' })
	},
	(table) => [
		primaryKey({ columns: [table.associationId, table.id] }),
		uniqueIndex('invitations_code_hash_unique').on(table.codeHash),
		check(
			'invitations_role_known',
			sql`${table.role} in ('admin', 'treasurer', 'collector', 'member')`
		)
	]
);

/**
 * Append-only log of what matters for trust (logins, failures, role changes, invitations, closes,
 * payments). Each association has its own chain, plus the server chain (the nil UUID) for events
 * that belong to no association; each row's hash covers the previous row's hash.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		associationId: uuid('association_id').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
		actorUserId: uuid('actor_user_id'),
		action: text('action').notNull(),
		details: jsonb('details').notNull(),
		ip: text('ip'),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull()
	},
	(table) => [primaryKey({ columns: [table.associationId, table.seq] })]
);

/** The end of each audit chain, locked while a row is appended so chains never fork. */
export const auditHeads = pgTable('audit_heads', {
	associationId: uuid('association_id').primaryKey(),
	lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
	lastHash: text('last_hash').notNull()
});

/**
 * The shared operation log (DESIGN.md sections 2 and 4), filled by the sync service. `seq` is
 * strictly increasing per association (from associations.ops_last_seq); `id` is the client's
 * idempotency key; `body_hash` tells a retry ("exists") from a different body under the same id.
 */
export const ops = pgTable(
	'ops',
	{
		associationId: uuid('association_id')
			.notNull()
			.references(() => associations.id),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		id: uuid('id').notNull(),
		type: text('type').notNull(),
		v: integer('v').notNull(),
		date: date('date', { mode: 'string' }).notNull(),
		hlc: text('hlc').notNull(),
		deviceId: text('device_id').notNull(),
		actorId: text('actor_id').notNull(),
		scope: text('scope').notNull(),
		payload: jsonb('payload').notNull(),
		bodyHash: text('body_hash').notNull(),
		receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(table) => [
		primaryKey({ columns: [table.associationId, table.seq] }),
		uniqueIndex('ops_association_id_unique').on(table.associationId, table.id),
		// Every push reads the association's period closes and reopenings, and a member's pull the
		// latest `association.configured`: by type, this stays small however long the log grows.
		index('ops_association_type_seq').on(table.associationId, table.type, table.seq),
		// A new phone's recent part: the ops dated in the running period, not a walk of the log.
		index('ops_association_date_seq').on(table.associationId, table.date, table.seq)
	]
);
