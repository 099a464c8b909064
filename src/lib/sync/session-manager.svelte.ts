// Who is logged in to the association server on this phone, and which of their associations is in
// use. Remembered in localStorage (never the token: that lives in an HttpOnly cookie) so the app
// knows its account with the network off, and confirmed with the server whenever it answers.
import { accountApi, type Membership, type SessionInfo } from './account-client';

export type AccountStatus = 'unknown' | 'signed-out' | 'signed-in';

export interface Account {
	userId: string;
	name: string;
	login: string;
	memberships: Membership[];
}

interface Remembered {
	account: Account;
	activeAssociationId: string | undefined;
}

const storageKey = 'ayni:account';

export class SessionManager {
	#status = $state<AccountStatus>('unknown');
	#account = $state<Account | undefined>(undefined);
	#activeAssociationId = $state<string | undefined>(undefined);
	/** True when the last check could not reach the server: what we show is what we remembered. */
	#offline = $state(false);

	constructor() {
		this.#recall();
	}

	/**
	 * Follows logins and logouts made in the app's other tabs: the session cookie is shared, so a
	 * tab that kept showing the first person would record under a name the server no longer has.
	 */
	followOtherTabs(): void {
		window.addEventListener('storage', (event) => {
			if (event.key === storageKey || event.key === null) this.#recall();
		});
	}

	#recall(): void {
		const remembered = readRemembered();
		this.#account = remembered?.account;
		this.#activeAssociationId = remembered?.activeAssociationId;
		if (remembered) this.#status = 'signed-in';
		else if (this.#status === 'signed-in') this.#status = 'signed-out';
	}

	get status(): AccountStatus {
		return this.#status;
	}

	get account(): Account | undefined {
		return this.#account;
	}

	get offline(): boolean {
		return this.#offline;
	}

	get memberships(): Membership[] {
		return this.#account?.memberships ?? [];
	}

	/** The association in use: the chosen one, else the first. */
	get activeMembership(): Membership | undefined {
		const all = this.memberships;
		return all.find((m) => m.associationId === this.#activeAssociationId) ?? all[0];
	}

	/** Asks the server who this session is. Offline, the remembered account stays. */
	async refresh(): Promise<void> {
		const result = await accountApi.session();
		if (result.ok) {
			this.#offline = false;
			this.#signIn(accountFrom(result.value));
		} else if (result.offline) {
			this.#offline = true;
			if (this.#status === 'unknown') this.#status = this.#account ? 'signed-in' : 'signed-out';
		} else {
			this.#offline = false;
			this.#forget();
		}
	}

	/** After a login, register or join answered: the server set the cookie; ask who we are. */
	async signedIn(preferredAssociationId?: string): Promise<void> {
		if (preferredAssociationId) this.#activeAssociationId = preferredAssociationId;
		await this.refresh();
	}

	switchAssociation(associationId: string): void {
		if (!this.memberships.some((m) => m.associationId === associationId)) return;
		this.#activeAssociationId = associationId;
		this.#remember();
	}

	/** Logs out on the server (when it answers) and forgets the account on this phone. */
	async signOut(): Promise<{ offline: boolean }> {
		const result = await accountApi.logout();
		const offline = !result.ok && result.offline === true;
		this.#forget();
		return { offline };
	}

	#signIn(info: Account): void {
		this.#account = info;
		this.#status = 'signed-in';
		if (!info.memberships.some((m) => m.associationId === this.#activeAssociationId)) {
			this.#activeAssociationId = info.memberships[0]?.associationId;
		}
		this.#remember();
	}

	#forget(): void {
		this.#account = undefined;
		this.#activeAssociationId = undefined;
		this.#status = 'signed-out';
		try {
			localStorage.removeItem(storageKey);
		} catch {
			// Storage unavailable: nothing was remembered either.
		}
	}

	#remember(): void {
		if (!this.#account) return;
		const value: Remembered = {
			account: this.#account,
			activeAssociationId: this.#activeAssociationId
		};
		try {
			localStorage.setItem(storageKey, JSON.stringify(value));
		} catch {
			// Full or disabled storage: the account is simply asked of the server next time.
		}
	}
}

function accountFrom(info: SessionInfo): Account {
	return { userId: info.userId, name: info.name, login: info.login, memberships: info.memberships };
}

function readRemembered(): Remembered | undefined {
	try {
		const text = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
		if (!text) return undefined;
		const value = JSON.parse(text) as Partial<Remembered>;
		const account = value.account;
		if (!account || typeof account.userId !== 'string' || !Array.isArray(account.memberships)) {
			return undefined;
		}
		return { account, activeAssociationId: value.activeAssociationId };
	} catch {
		return undefined;
	}
}

/** The app's one session manager. */
export const sessionManager = new SessionManager();
