// What every endpoint function receives: the server's services (database, clock, throttles) and
// the call (the Request, its URL, route params, the client's address). Endpoints are plain
// functions of these two, so the +server.ts files stay one line and tests call the same functions
// with a Request on PGlite and on PostgreSQL.
import type { DatabaseKind, Db } from '../db/database';
import { FailureThrottle } from '../auth/failure-throttle';

export interface ApiServices {
	db: Db;
	dbKind: DatabaseKind;
	now: () => Date;
	throttles: Throttles;
}

export interface ApiCall {
	request: Request;
	url: URL;
	params: Record<string, string>;
	clientAddress: string;
}

export type ApiHandler = (services: ApiServices, call: ApiCall) => Promise<Response>;

export interface Throttles {
	/** Failed logins per account: the 11th in a minute is refused (429). */
	loginByAccount: FailureThrottle;
	/**
	 * Failed logins per address: high, because a whole village may share one carrier address,
	 * and one person's forgotten password must not lock out their neighbours.
	 */
	loginByAddress: FailureThrottle;
	/** Wrong invitation codes per address: codes are guessable only by brute force. */
	joinByAddress: FailureThrottle;
}

export function newThrottles(): Throttles {
	return {
		loginByAccount: new FailureThrottle({ failuresMax: 10, windowMs: 60_000 }),
		loginByAddress: new FailureThrottle({ failuresMax: 100, windowMs: 60_000 }),
		joinByAddress: new FailureThrottle({ failuresMax: 20, windowMs: 60_000 })
	};
}
