/**
 * What the git model keeps per repository, and the comparisons a scan makes between them.
 */
import { GitError } from './errors';
import type { DiscoveredRepository } from './discovery';
import { isStamp, NoStamp } from './unchangedStampWalk';
import type { RepositoryState } from '../schema/contracts/repos';

/** One repository of the model. */
export interface RepositoryRecord {
	info: DiscoveredRepository;
	/** The state as last read (its `submoduleChanges` are only what git itself reported). */
	read: RepositoryState;
	/** What listeners see: `read` plus the dirtiness of initialised submodules. */
	state: RepositoryState;
	/** Sequence number of the newest read started / applied, so a slow old read never wins. */
	started: number;
	applied: number;
	/**
	 * The stamp taken before the read that produced `read` (see `unchangedStamp.ts`); a re-scan
	 * that finds the same stamp keeps `read` instead of running git. Unset after a read that had
	 * none (a single refresh, an error) or whose stamp could not be taken.
	 */
	stamp?: string;
	/** Set once the working tree turned out too large to stamp: not tried again. */
	tooLargeToStamp?: boolean;
}

/** A stamp for `record`, remembering a working tree too large to stamp. */
export function stampOrUndefined(record: RepositoryRecord, stamp: string | NoStamp): string | undefined {
	if (stamp === 'LARGE') {
		record.tooLargeToStamp = true;
	}
	return isStamp(stamp) ? stamp : undefined;
}

/** The error a cancelled scan or read rejects with. */
export function cancelledError(cwd: string): GitError {
	return new GitError({ code: 'Cancelled', args: [], cwd, exitCode: null, message: 'The operation was cancelled' });
}

/** Initialised and uninitialised submodules by their parent's path. */
export function indexSubmodules(records: Map<string, RepositoryRecord>): Map<string, RepositoryRecord[]> {
	const index = new Map<string, RepositoryRecord[]>();
	for (const record of records.values()) {
		const parent = record.info.parentPath;
		if (record.info.kind === 'SUBMODULE' && parent) {
			index.set(parent, [...(index.get(parent) ?? []), record]);
		}
	}
	return index;
}

/** Equal but for when they were read. */
export function sameState(a: RepositoryState, b: RepositoryState): boolean {
	return JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });
}

/** The same repositories, in the same order, with the same identities. */
export function sameRepositorySet(a: Map<string, RepositoryRecord>, b: Map<string, RepositoryRecord>): boolean {
	if (a.size !== b.size) {
		return false;
	}
	const identity = (r: RepositoryRecord) => JSON.stringify([r.info.path, r.info.name, r.info.kind, r.info.parentPath, r.info.initialized]);
	const left = [...a.values()].map(identity);
	const right = [...b.values()].map(identity);
	return left.every((value, i) => value === right[i]);
}
