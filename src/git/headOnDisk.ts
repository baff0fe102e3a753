/**
 * Whether HEAD moved, read from the files git writes rather than by running git: a commit that is
 * being rolled back because its process was cancelled, or because the runner is shutting down,
 * can no longer start a `git rev-parse`.
 */
import * as path from 'node:path';
import type { GitDirLocation } from './gitDir';
import { readRegularFile } from '../common/regularFile';

/**
 * A string that changes whenever HEAD points elsewhere: the HEAD file, the loose ref it names
 * (git writes one on every commit), else `packed-refs`, and a reftable's table list. Equal
 * strings before and after a step mean HEAD did not move.
 */
export async function headFingerprint(location: GitDirLocation): Promise<string> {
	const head = await readOrEmpty(path.join(location.gitDir, 'HEAD'));
	const symbolic = /^ref: (refs\/\S+)/.exec(head)?.[1];
	const parts = [head];
	if (symbolic) {
		// Per-worktree refs (refs/bisect, refs/worktree) live in gitDir; branches in the common dir.
		const loose = await readOrEmpty(path.join(location.commonDir, symbolic));
		parts.push(loose || (await readOrEmpty(path.join(location.commonDir, 'packed-refs'))));
	}
	parts.push(await readOrEmpty(path.join(location.commonDir, 'reftable', 'tables.list')));
	return parts.join('\0');
}

async function readOrEmpty(file: string): Promise<string> {
	try {
		return await readRegularFile(file);
	} catch {
		return '';
	}
}
