/**
 * A hash of a repository's working tree (every file outside `.git`, names included) and of its
 * index, to assert that an operation left a user's checkout byte for byte as it was.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { runGit, type GitSandbox } from './repoBuilder';

/**
 * How the index counts: its staged entries (`ls-files --stage`, when git may rewrite the cached
 * stat data in it, as a read does), or the index file's bytes (nothing may touch it at all).
 */
export type IndexFingerprint = { readonly staged: GitSandbox } | 'file';

/** The hash (see the module comment). */
export function treeFingerprint(repoPath: string, index: IndexFingerprint): string {
	const hash = createHash('sha256');
	hash.update(index === 'file' ? readFileSync(path.join(repoPath, '.git', 'index')) : runGit(index.staged, repoPath, ['ls-files', '--stage']).stdout);
	const walk = (dir: string) => {
		for (const name of readdirSync(dir).sort()) {
			if (name === '.git') {
				continue;
			}
			const full = path.join(dir, name);
			hash.update(`\0${path.relative(repoPath, full)}\0`);
			if (statSync(full).isDirectory()) {
				walk(full);
			} else {
				hash.update(readFileSync(full));
			}
		}
	};
	walk(repoPath);
	return hash.digest('hex');
}
