// A lock file that keeps a second process from opening a PGlite folder that is already open.
// PGlite has no lock of its own, and two writers would corrupt the data. A lock left behind by a
// process that died is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface DataDirLock {
	release: () => void;
}

export class DataDirInUseError extends Error {
	constructor(
		readonly dataDir: string,
		readonly pid: number
	) {
		super(`The data folder ${dataDir} is in use by process ${pid}; stop it first.`);
	}
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
	const path = resolve(dataDir, 'ayni.lock');
	const holder = readHolder(path);
	if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
		throw new DataDirInUseError(dataDir, holder);
	}
	writeFileSync(path, String(process.pid));
	let released = false;
	return {
		release: () => {
			if (released) return;
			released = true;
			if (readHolder(path) === process.pid) rmSync(path, { force: true });
		}
	};
}

function readHolder(path: string): number | undefined {
	try {
		const pid = Number(readFileSync(path, 'utf8').trim());
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
