/**
 * Repository groups: named sets of repositories (setting `metaGothic.repos.groups`) that narrow
 * the views, the batch commands and the graph. Pure: paths in, membership out; no file system.
 *
 * An entry is a path or a glob, relative to a workspace folder (or absolute), `/`-separated:
 * - a plain path names a repository's folder and matches that repository (`libs/core`,
 *   `./libs/core/` and `libs//core` are the same entry); `.` names the workspace folder itself;
 * - globs match the repository's whole relative path: `*` and `?` stay within one folder level,
 *   `**` spans any number of levels (`apps/*` matches `apps/web`, not `apps/web/vendor/x`;
 *   `apps/**` matches `apps` itself and everything below it; `**` alone matches every
 *   repository, the workspace folders included). Braces and brackets work as in
 *   `metaGothic.discovery.exclude`; dot-folders are matched like any other.
 * - In a multi-root workspace, a relative entry is tried against every folder the repository is
 *   in. Absolute entries match absolute paths, e.g. a linked worktree outside the workspace.
 *
 * Submodules are *not* included implicitly: an entry that matches a parent repository does not
 * bring in the submodules and nested repositories inside it. In a meta-repository every
 * repository is a submodule of the root, so implicit inclusion would make `.` mean "everything"
 * and leave no way to pick the root alone. Write `libs/core/**` for a repository and everything
 * below it; the same rule then holds for plain paths and globs.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';

/** A group or one of its entries that cannot be used; `message` says which and why. */
export class RepositoryGroupError extends Error {
	override readonly name = 'RepositoryGroupError';

	constructor(
		readonly group: string,
		/** The offending entry, or `undefined` when the group as a whole is at fault. */
		readonly pattern: string | undefined,
		/** What is wrong, e.g. `is empty`; the message names the group (and the entry) before it. */
		readonly reason: string,
	) {
		super(pattern === undefined ? `Repository group "${group}" ${reason}` : `Repository group "${group}": "${pattern}" ${reason}`);
	}
}

/** One group, compiled against the workspace folders. Never throws: an invalid group reports {@link error}. */
export interface RepositoryGroup {
	readonly name: string;
	/** The entries as written in the setting (strings only; anything else makes the group invalid). */
	readonly patterns: readonly string[];
	/** Why the group cannot be used (every problem, one per line); `null` when it can. */
	readonly error: string | null;
	/** Whether the repository at the absolute `repoPath` belongs to the group; always false for an invalid group. */
	includes(repoPath: string): boolean;
}

/** A compiled entry: relative entries test relative candidates, absolute ones absolute candidates. */
export interface GroupEntryMatcher {
	absolute: boolean;
	test(candidate: string): boolean;
}

const IS_WINDOWS = process.platform === 'win32';

/** `a//b/./c/` → `a/b/c`; `./` and `.` → `.`. Backslashes stay: in a glob they escape. */
function normalizeEntry(entry: string): string {
	const parts = entry.split('/').filter((p) => p !== '' && p !== '.');
	const absolute = entry.startsWith('/');
	const joined = parts.join('/');
	return absolute ? `/${joined}` : joined || '.';
}

function toSlashes(p: string): string {
	return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/**
 * A non-string entry as the error quotes it. Not `String`: settings are JSON, and an entry such as
 * `{"toString": 1}` makes `String` throw a TypeError whose text names no group.
 */
function describeValue(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}

/**
 * Compiles one entry to a matcher of `/`-separated paths (relative ones as `.` or `a/b`).
 * Throws a {@link RepositoryGroupError} for an entry that cannot work.
 */
export function compileEntry(group: string, entry: unknown): GroupEntryMatcher {
	if (typeof entry !== 'string') {
		throw new RepositoryGroupError(group, describeValue(entry), 'is not a string');
	}
	const trimmed = entry.trim();
	if (trimmed === '') {
		throw new RepositoryGroupError(group, entry, 'is empty');
	}
	if (trimmed.startsWith('!')) {
		throw new RepositoryGroupError(group, entry, 'is a negation, which groups do not support: list the repositories to include');
	}
	const isAbsolute = path.isAbsolute(trimmed) || path.posix.isAbsolute(trimmed);
	const normalized = isAbsolute ? normalizeEntry(toSlashes(path.resolve(trimmed))) : normalizeEntry(trimmed);
	if (!isAbsolute && normalized.split('/').includes('..')) {
		throw new RepositoryGroupError(group, entry, 'leaves the workspace folder (".."); use an absolute path for repositories outside it');
	}
	let glob: (candidate: string) => boolean;
	try {
		// Compiled even without glob characters: it is how an unbalanced bracket gets reported.
		glob = picomatch(normalized, { dot: true, strictBrackets: true, nocase: IS_WINDOWS });
	} catch (err) {
		throw new RepositoryGroupError(group, entry, `is not a valid glob: ${err instanceof Error ? err.message : String(err)}`);
	}
	// The workspace folder itself (`.`) is matched by `.` and by the match-everything `**` only:
	// `*` naming "any folder" should not also pick the folder the workspace is.
	const matchesEverything = normalized === '**';
	const same = IS_WINDOWS ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
	return {
		absolute: isAbsolute,
		test: (candidate) => same(candidate, normalized) || (candidate === '.' ? matchesEverything : glob(candidate)),
	};
}

/** Whether a `path.relative` result leaves its root: `..` as a whole segment, not a folder named `..x`. */
function isOutside(relative: string): boolean {
	return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

/** The forms a repository path is matched in: absolute, and relative to each folder containing it. */
function candidatesOf(repoPath: string, roots: readonly string[]): { absolute: string; relative: string[] } {
	const absolute = path.resolve(repoPath);
	const candidates: string[] = [];
	for (const root of roots) {
		const relative = path.relative(path.resolve(root), absolute);
		if (relative === '') {
			candidates.push('.');
		} else if (!isOutside(relative)) {
			candidates.push(toSlashes(relative));
		}
	}
	return { absolute: toSlashes(absolute), relative: candidates };
}

/**
 * Compiles one group. `patterns` is what the setting holds for it (validated here, since settings
 * files are hand-written JSON); every problem is collected so the user can fix them in one go.
 */
export function compileGroup(name: string, patterns: unknown, roots: readonly string[]): RepositoryGroup {
	const problems: string[] = [];
	const matchers: GroupEntryMatcher[] = [];
	let written: string[] = [];
	if (name.trim() === '') {
		problems.push(new RepositoryGroupError(name, undefined, 'has an empty name').message);
	}
	if (!Array.isArray(patterns)) {
		problems.push(new RepositoryGroupError(name, undefined, 'must be a list of paths or globs, e.g. ["apps/*"]').message);
	} else {
		written = patterns.filter((p): p is string => typeof p === 'string');
		for (const entry of patterns as unknown[]) {
			try {
				matchers.push(compileEntry(name, entry));
			} catch (err) {
				problems.push(err instanceof Error ? err.message : String(err));
			}
		}
	}
	const error = problems.length > 0 ? problems.join('\n') : null;
	const rootList = [...roots];
	return {
		name,
		patterns: written,
		error,
		includes: error
			? () => false
			: (repoPath) => {
					const candidates = candidatesOf(repoPath, rootList);
					return matchers.some((m) => (m.absolute ? m.test(candidates.absolute) : candidates.relative.some((c) => m.test(c))));
				},
	};
}

/** Every group of the setting, compiled against the workspace folders, in the setting's order. */
export class RepositoryGroups {
	/** No groups: what a workspace without the setting has. */
	static readonly EMPTY = new RepositoryGroups(new Map());

	private constructor(private readonly byName: ReadonlyMap<string, RepositoryGroup>) {}

	/**
	 * Compiles the value of `metaGothic.repos.groups` (an object of group name → entries). A value
	 * that is not an object yields no groups; a malformed group is kept with its `error` set.
	 */
	static fromSetting(setting: unknown, roots: readonly string[]): RepositoryGroups {
		if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) {
			return RepositoryGroups.EMPTY;
		}
		const byName = new Map<string, RepositoryGroup>();
		for (const [name, patterns] of Object.entries(setting)) {
			byName.set(name, compileGroup(name, patterns, roots));
		}
		return new RepositoryGroups(byName);
	}

	/** Every group, valid or not. */
	get all(): readonly RepositoryGroup[] {
		return [...this.byName.values()];
	}

	get names(): readonly string[] {
		return [...this.byName.keys()];
	}

	get(name: string): RepositoryGroup | undefined {
		return this.byName.get(name);
	}

	/**
	 * The group named `name`, ready to filter with. Throws a {@link RepositoryGroupError} for an
	 * unknown group (naming the known ones) or an invalid one (with its problems).
	 */
	require(name: string): RepositoryGroup {
		const group = this.byName.get(name);
		if (!group) {
			const known = this.names.length > 0 ? `; the groups are ${this.names.map((n) => `"${n}"`).join(', ')}` : '; none is defined';
			throw new RepositoryGroupError(name, undefined, `is not defined in the setting metaGothic.repos.groups${known}`);
		}
		if (group.error) {
			throw new RepositoryGroupError(name, undefined, `is invalid (see the setting metaGothic.repos.groups):\n${group.error}`);
		}
		return group;
	}

	/** The items whose path is in group `name` (all of them when `name` is null or undefined). Throws like {@link require}. */
	filter<T extends { path: string }>(items: readonly T[], name: string | null | undefined): readonly T[] {
		if (name === null || name === undefined) {
			return items;
		}
		const group = this.require(name);
		return items.filter((item) => group.includes(item.path));
	}
}
