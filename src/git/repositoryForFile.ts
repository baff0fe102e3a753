import * as path from 'node:path';
import type { RepositoryState } from '../schema/contracts/repos';

/**
 * Maps a changed file to the repository whose state it can change: the deepest repository
 * containing it, or — for a file inside a parent's `.git/modules/<name>/` — that submodule.
 */
export function repositoryForFile(file: string, repositories: readonly RepositoryState[]): RepositoryState | undefined {
	const normalised = file.split(path.sep).join('/');
	const modules = /^(.*?)\/\.git\/modules\/(.+?)\/(?:HEAD|index|refs\/|packed-refs|config)/.exec(normalised);
	if (modules) {
		const [, parent, name] = modules;
		// A nested submodule's git dir is .git/modules/a/modules/b: the last segment names it.
		const last = name.split('/modules/').pop();
		const sub = repositories.find((r) => r.parentPath?.startsWith(parent) && (r.name === last || r.path.endsWith(`/${last}`)));
		if (sub) {
			return sub;
		}
	}
	let best: RepositoryState | undefined;
	for (const repo of repositories) {
		if ((normalised === repo.path || normalised.startsWith(`${repo.path}/`)) && (!best || repo.path.length > best.path.length)) {
			best = repo;
		}
	}
	return best;
}

/** Paths git writes on its own while running (objects, locks, logs): they say nothing about state. */
export const IGNORED_GIT_PATHS = /\/\.git\/(?:.*\/)?(?:objects|logs|lfs|hooks)\/|\.lock$|\/\.git\/FETCH_HEAD$/;
