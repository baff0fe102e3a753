/**
 * Reads a repository's `.git` directly from disk (no process): where its git directory is, which
 * linked worktrees it has, whether HEAD is readable. Discovery uses this so that finding N
 * repositories costs file reads, not N spawns.
 */
import { lstat as lstatCallback, lstatSync, readdirSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readRegularFile, readRegularFileSync } from '../common/regularFile';

/** Where a working tree keeps its repository data. */
export interface GitDirLocation {
	/** The per-worktree git directory (`.git`, `.git/modules/<name>` or `.git/worktrees/<id>`). */
	gitDir: string;
	/** The shared directory holding objects, refs and `config` (equals `gitDir` unless a linked worktree). */
	commonDir: string;
	/** True for a linked worktree (its git directory has a `commondir` file). */
	linkedWorktree: boolean;
}

/** True when `dir/.git` exists as a folder or a `gitdir:` file. */
export function hasDotGit(dir: string): Promise<boolean> {
	// The callback form: most folders have no `.git`, and a rejected promise costs twice the CPU.
	return new Promise((resolve) => {
		lstatCallback(path.join(dir, '.git'), (err, info) => resolve(!err && (info.isDirectory() || info.isFile())));
	});
}

/** {@link hasDotGit} with a synchronous call (see `DiscoveryOptions.sync`). */
export function hasDotGitSync(dir: string): boolean {
	try {
		const info = lstatSync(path.join(dir, '.git'), { throwIfNoEntry: false });
		return info !== undefined && (info.isDirectory() || info.isFile());
	} catch {
		return false;
	}
}

/** Resolves `workTree/.git`, following a `gitdir:` file; `null` when there is none or it is unreadable. */
export async function locateGitDir(workTree: string): Promise<GitDirLocation | null> {
	const dotGit = path.join(workTree, '.git');
	let gitDir: string | null;
	try {
		const info = await stat(dotGit);
		gitDir = info.isDirectory() ? dotGit : gitDirFromFile(workTree, await readRegularFile(dotGit));
	} catch {
		return null;
	}
	if (!gitDir) {
		return null;
	}
	let commondir: string | null = null;
	try {
		commondir = await readRegularFile(path.join(gitDir, 'commondir'));
	} catch {
		// No `commondir`: an ordinary repository or submodule.
	}
	return location(gitDir, commondir);
}

/** {@link locateGitDir} with synchronous calls (see `DiscoveryOptions.sync`). */
export function locateGitDirSync(workTree: string): GitDirLocation | null {
	const dotGit = path.join(workTree, '.git');
	let gitDir: string | null;
	try {
		gitDir = statSync(dotGit).isDirectory() ? dotGit : gitDirFromFile(workTree, readRegularFileSync(dotGit));
	} catch {
		return null;
	}
	if (!gitDir) {
		return null;
	}
	const commondirFile = path.join(gitDir, 'commondir');
	let commondir: string | null = null;
	try {
		// Checked first: most repositories have none, and a thrown error costs more than the check.
		commondir = statSync(commondirFile, { throwIfNoEntry: false }) ? readRegularFileSync(commondirFile) : null;
	} catch {
		// Unreadable: read as an ordinary repository, as the asynchronous form does.
	}
	return location(gitDir, commondir);
}

/** The git directory a `gitdir: <path>` file points to, or `null` when it holds no such line. */
function gitDirFromFile(workTree: string, text: string): string | null {
	const match = /^gitdir:\s*(.+?)\s*$/m.exec(text);
	return match ? path.resolve(workTree, match[1]) : null;
}

/** The location of `gitDir`, given the text of its `commondir` file (a linked worktree has one). */
function location(gitDir: string, commondir: string | null): GitDirLocation {
	if (commondir === null) {
		return { gitDir, commonDir: gitDir, linkedWorktree: false };
	}
	return { gitDir, commonDir: path.resolve(gitDir, commondir.trim()), linkedWorktree: true };
}

/**
 * The working trees of the linked worktrees registered in `commonDir/worktrees/*`, read from their
 * `gitdir` files. Worktrees whose folder has gone (prunable) are left out.
 */
export async function listLinkedWorktrees(commonDir: string): Promise<string[]> {
	const base = path.join(commonDir, 'worktrees');
	let ids: string[];
	try {
		ids = await readdir(base);
	} catch {
		return [];
	}
	const found: string[] = [];
	for (const id of ids.sort()) {
		try {
			const pointer = (await readRegularFile(path.join(base, id, 'gitdir'))).trim();
			const workTree = path.dirname(path.resolve(base, id, pointer));
			if (await hasDotGit(workTree)) {
				found.push(workTree);
			}
		} catch {
			// Half-created or pruned entry: not a worktree we can show.
		}
	}
	return found;
}

/** {@link listLinkedWorktrees} with synchronous calls (see `DiscoveryOptions.sync`). */
export function listLinkedWorktreesSync(commonDir: string): string[] {
	const base = path.join(commonDir, 'worktrees');
	let ids: string[];
	try {
		// Checked first: most repositories have no linked worktree, and a thrown error costs more.
		ids = statSync(base, { throwIfNoEntry: false }) ? readdirSync(base) : [];
	} catch {
		return [];
	}
	const found: string[] = [];
	for (const id of ids.sort()) {
		try {
			const pointer = readRegularFileSync(path.join(base, id, 'gitdir')).trim();
			const workTree = path.dirname(path.resolve(base, id, pointer));
			if (hasDotGitSync(workTree)) {
				found.push(workTree);
			}
		} catch {
			// Half-created or pruned entry: not a worktree we can show.
		}
	}
	return found;
}

/**
 * The main working tree of a linked worktree: the folder holding `commonDir` when that is a `.git`
 * folder; `null` for a worktree of a bare repository.
 */
export function mainWorktreeOf(commonDir: string): string | null {
	return path.basename(commonDir) === '.git' ? path.dirname(commonDir) : null;
}

/**
 * Explains why git refuses a repository, by looking at HEAD. Returns `null` when HEAD looks fine
 * (so the failure has some other cause).
 */
export async function diagnoseHead(gitDir: string): Promise<string | null> {
	let head: string;
	try {
		head = await readRegularFile(path.join(gitDir, 'HEAD'));
	} catch {
		return 'The repository has no readable .git/HEAD';
	}
	const trimmed = head.trim();
	if (/^ref: refs\/\S+$/.test(trimmed) || /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(trimmed)) {
		return null;
	}
	return 'The repository HEAD is corrupt (.git/HEAD holds neither a ref nor a commit)';
}
