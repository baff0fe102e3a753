/**
 * Stamps of everything a repository's `git status` is computed from, so a re-scan can keep the
 * state of a repository whose stamp has not moved instead of running git again. Synchronous: run
 * in a worker thread (`unchangedStampWorker.ts`), where one `lstat` costs a few microseconds
 * instead of a thread-pool round trip, and a hung mount holds only that thread.
 *
 * Why it is safe: a stamp holds the lstat times (ctime and mtime to the nanosecond), size, inode
 * and mode of every entry of the working tree (so an edit, a new, removed or renamed file, and a
 * `.gitignore` change all move it), and of what git reads from the git directory: the folder
 * itself (a file created or removed there, such as `packed-refs` or `shallow`, moves its times),
 * HEAD, the index, config, packed-refs, every loose ref (the branch, its upstream, `refs/stash`),
 * the stash reflog, info/*, objects/info/alternates. ctime cannot be set back by a program, so an
 * unchanged stamp means nothing was written since it was taken. A stamp is taken before the read
 * it vouches for, so a change during the read moves the next stamp.
 *
 * Where it cannot prove anything there is no stamp, and the repository is read as always:
 * - an entry changed less than {@link RECENT_MS} before the stamp: a file system's clock ticks
 *   coarsely (one jiffy, or 2 s on FAT), and a second write within the same tick, of the same
 *   size, would leave the times as they were (git's "racy clean" case);
 * - a `.git` anywhere below the top (a submodule or a nested repository: its own state is part of
 *   this one's status, and lives in files this stamp does not cover);
 * - a config that includes other files or names an excludes or attributes file or a worktree;
 * - more than {@link MAX_STAMP_ENTRIES} entries (walking them would cost more than git does);
 * - anything that could not be read.
 */
import { createHash } from 'node:crypto';
import { BigIntStats, lstatSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRegularFileSync } from '../common/regularFile';

/** Entries changed this recently (ms) make a stamp unprovable; see the module comment. */
export const RECENT_MS = 3000;

/** Most entries one stamp walks before it gives up. */
export const MAX_STAMP_ENTRIES = 2000;

/** Why a repository has no stamp. `LARGE` is worth remembering: it will not shrink soon. */
export type NoStamp = 'LARGE' | 'UNPROVABLE';

/** What a stamp is taken of. */
export interface StampTarget {
	path: string;
	gitDir: string;
	commonDir: string;
}

/** True for a stamp, false for a reason there is none. */
export function isStamp(stamp: string | NoStamp | undefined): stamp is string {
	return stamp !== undefined && stamp !== 'LARGE' && stamp !== 'UNPROVABLE';
}

/** Files of a git directory that a status reads, beside the refs. */
const GIT_FILES = ['HEAD', 'index', 'config', 'config.worktree', 'packed-refs', 'shallow', 'commondir', 'info', 'info/exclude', 'info/attributes', 'info/sparse-checkout', 'logs/refs/stash', 'objects/info/alternates'];

/** Config that makes a status read files a stamp does not cover. */
export const OUTSIDE_FILES = /^\s*\[\s*include|^\s*(excludesfile|attributesfile|worktree)\s*=/im;

class Unprovable extends Error {
	constructor(readonly reason: NoStamp) {
		super(reason);
	}
}

function lstatOrUndefined(file: string): BigIntStats | undefined {
	return lstatSync(file, { bigint: true, throwIfNoEntry: false });
}

/** Collects entry lines, refusing recent entries and counting against the limit. */
export class StampLines {
	private readonly lines: string[] = [];
	private readonly recentAfterNs: bigint;

	constructor(now: number) {
		this.recentAfterNs = BigInt(Math.floor(now - RECENT_MS)) * 1_000_000n;
	}

	/** Adds the lstat of `file`; `undefined` for a missing file. */
	add(file: string, info: BigIntStats | undefined = lstatOrUndefined(file)): BigIntStats | undefined {
		if (this.lines.length >= MAX_STAMP_ENTRIES) {
			throw new Unprovable('LARGE');
		}
		if (!info) {
			this.lines.push(`${file}\0-`);
		} else if (info.isCharacterDevice()) {
			// A device (GIT_CONFIG_GLOBAL=/dev/null) reads the same whatever its times say.
			this.lines.push(`${file}\0dev`);
		} else if (info.ctimeNs > this.recentAfterNs || info.mtimeNs > this.recentAfterNs) {
			throw new Unprovable('UNPROVABLE');
		} else {
			this.lines.push(`${file}\0${info.mode}\0${info.size}\0${info.ino}\0${info.mtimeNs}\0${info.ctimeNs}`);
		}
		return info;
	}

	/** Adds everything below `dir` (itself already added); `top` is the working tree. */
	tree(dir: string, top: boolean): void {
		const names = readdirSync(dir).filter((name) => !(top && name === '.git'));
		if (names.includes('.git')) {
			throw new Unprovable('UNPROVABLE');
		}
		if (this.lines.length + names.length > MAX_STAMP_ENTRIES) {
			throw new Unprovable('LARGE');
		}
		names.sort();
		for (const name of names) {
			const child = path.join(dir, name);
			const info = this.add(child);
			if (!info) {
				// Listed, then gone: something is writing here right now.
				throw new Unprovable('UNPROVABLE');
			}
			if (info.isDirectory()) {
				this.tree(child, false);
			}
		}
	}

	digest(): string {
		return createHash('sha1').update(this.lines.join('\n')).digest('hex');
	}
}

/** The stamp of `target` taken now, or why there is none. Never throws. */
export function stampRepository(target: StampTarget, now = Date.now()): string | NoStamp {
	const lines = new StampLines(now);
	try {
		lines.add(target.path);
		for (const dir of new Set([target.gitDir, target.commonDir])) {
			lines.add(dir);
			for (const name of GIT_FILES) {
				lines.add(path.join(dir, name));
			}
			const refs = path.join(dir, 'refs');
			if (lines.add(refs)?.isDirectory()) {
				lines.tree(refs, false);
			}
			let config = '';
			try {
				config = readRegularFileSync(path.join(dir, 'config'));
			} catch {
				// No config here (a linked worktree's own folder): nothing it could include.
			}
			if (OUTSIDE_FILES.test(config)) {
				return 'UNPROVABLE';
			}
		}
		lines.tree(target.path, true);
	} catch (err) {
		return err instanceof Unprovable ? err.reason : 'UNPROVABLE';
	}
	return lines.digest();
}

/**
 * The stamp of the configuration every repository's status reads (system, global and XDG config,
 * ignore and attributes files), or `null` when it includes other files or names an excludes or
 * attributes file elsewhere. `env` is the environment git runs with. Never throws.
 */
export function stampEnvironment(env: Record<string, string | undefined>, now = Date.now()): string | null {
	const home = env.HOME || os.homedir();
	const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
	const configs = [env.GIT_CONFIG_GLOBAL, path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config'), env.GIT_CONFIG_SYSTEM || '/etc/gitconfig'].filter((f): f is string => !!f);
	const lines = new StampLines(now);
	try {
		for (const file of [...configs, path.join(xdg, 'git', 'ignore'), path.join(xdg, 'git', 'attributes'), '/etc/gitattributes']) {
			lines.add(file);
		}
		for (const file of configs) {
			let text = '';
			try {
				text = readRegularFileSync(file);
			} catch {
				// Missing, or a device such as /dev/null: nothing it could include.
			}
			if (OUTSIDE_FILES.test(text)) {
				return null;
			}
		}
	} catch {
		return null;
	}
	return lines.digest();
}
