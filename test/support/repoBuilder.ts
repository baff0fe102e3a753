/**
 * Typed builders for real git repositories in temporary folders. Tests, the demo and the UI tier
 * use these instead of mocked git: every fixture state (dirty, ahead, conflicted, detached…) is made
 * by running git itself.
 *
 * Builders are synchronous (spawnSync, argv arrays, never a shell) so fixture code reads as a
 * sequence of steps. Git configuration is isolated: `GIT_CONFIG_GLOBAL` points at a file inside
 * the sandbox and the system config is ignored, so the developer's own config (hooksPath, signing,
 * templates) can neither break nor leak into a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A temporary folder with its own git configuration. */
export interface GitSandbox {
	/** The sandbox folder (real path, so it equals what git reports). */
	readonly dir: string;
	/** Environment for any git process that should use the sandbox configuration. */
	readonly env: Record<string, string>;
	/** Deletes the sandbox and everything in it. */
	dispose(): void;
}

/** Identity written into the sandbox config and every fixture repository. */
export const TEST_AUTHOR = { name: 'Meta Gothic Test', email: 'test@meta-gothic.invalid' } as const;

/** Creates a sandbox under `os.tmpdir()` (or inside `parent` when given). */
export function createGitSandbox(prefix = 'meta-gothic-', parent = os.tmpdir()): GitSandbox {
	mkdirSync(parent, { recursive: true });
	const dir = realpathSync(mkdtempSync(path.join(parent, prefix)));
	const configFile = path.join(dir, '.gitconfig');
	writeFileSync(
		configFile,
		[
			'[user]',
			`\tname = ${TEST_AUTHOR.name}`,
			`\temail = ${TEST_AUTHOR.email}`,
			'[init]',
			'\tdefaultBranch = main',
			// Local paths as submodule URLs are refused by default since git 2.38.1.
			'[protocol "file"]',
			'\tallow = always',
			'[commit]',
			'\tgpgsign = false',
			'[tag]',
			'\tgpgsign = false',
			'[core]',
			'\tautocrlf = false',
			'[advice]',
			'\tdetachedHead = false',
			'[gc]',
			'\tauto = 0',
			'',
		].join('\n'),
	);
	const env = {
		GIT_CONFIG_GLOBAL: configFile,
		GIT_CONFIG_SYSTEM: os.devNull,
		GIT_CONFIG_NOSYSTEM: '1',
		GIT_TERMINAL_PROMPT: '0',
	};
	return {
		dir,
		env,
		dispose: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
	};
}

/** Options of {@link runGit}. */
export interface RunGitOptions {
	input?: string | Buffer;
	/** Return the output instead of throwing on a non-zero exit. */
	allowFailure?: boolean;
	env?: Record<string, string>;
}

/** What {@link runGit} returns. */
export interface RunGitResult {
	stdout: string;
	stderr: string;
	status: number;
}

/** Runs git synchronously in `cwd` with the sandbox environment; throws with stderr on failure. */
export function runGit(sandbox: GitSandbox, cwd: string, args: readonly string[], options: RunGitOptions = {}): RunGitResult {
	const env: NodeJS.ProcessEnv = { ...process.env, ...sandbox.env, LC_ALL: 'C', ...options.env };
	// A fixture must never operate on the repository the tests run from.
	for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR']) {
		delete env[name];
	}
	const result = spawnSync('git', [...args], { cwd, env, input: options.input, maxBuffer: 256 * 1024 * 1024 });
	if (result.error) {
		throw result.error;
	}
	const out: RunGitResult = { stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), status: result.status ?? -1 };
	if (out.status !== 0 && !options.allowFailure) {
		throw new Error(`git ${args.join(' ')} failed in ${cwd} (exit ${out.status}):\n${out.stderr}${out.stdout}`);
	}
	return out;
}

/** Files to write: path relative to the repository → content (`null` deletes the file). */
export type FileTree = Record<string, string | Buffer | null>;

/** A working repository on disk, with chainable steps. */
export class TestRepo {
	private constructor(
		readonly sandbox: GitSandbox,
		readonly path: string,
	) {}

	/** `git init` in `dir` (created if needed) on branch `branch` (default `main`). */
	static init(sandbox: GitSandbox, dir: string, options: { branch?: string } = {}): TestRepo {
		mkdirSync(dir, { recursive: true });
		runGit(sandbox, dir, ['init', '-q', '-b', options.branch ?? 'main']);
		const repo = new TestRepo(sandbox, realpathSync(dir));
		// Identity in the repository itself, so the demo can commit without the sandbox config.
		repo.git('config', 'user.name', TEST_AUTHOR.name).git('config', 'user.email', TEST_AUTHOR.email);
		return repo;
	}

	/** Wraps an existing working tree (e.g. a submodule checkout). */
	static open(sandbox: GitSandbox, dir: string): TestRepo {
		return new TestRepo(sandbox, realpathSync(dir));
	}

	/** Runs git in this repository; throws on failure. */
	git(...args: string[]): this {
		runGit(this.sandbox, this.path, args);
		return this;
	}

	/** Runs git and returns trimmed stdout. */
	output(...args: string[]): string {
		return runGit(this.sandbox, this.path, args).stdout.trim();
	}

	/** Writes (or with `null`, deletes) files, creating folders as needed. */
	write(files: FileTree): this {
		for (const [relative, content] of Object.entries(files)) {
			this.writeRaw(Buffer.from(relative, 'utf8'), content);
		}
		return this;
	}

	/** Writes a file whose name is given as raw bytes (e.g. invalid UTF-8). */
	writeRaw(relative: Buffer, content: string | Buffer | null): this {
		// A Buffer path keeps non-UTF-8 bytes exactly; string paths would be re-encoded as UTF-8.
		const target = Buffer.concat([Buffer.from(this.path + path.sep, 'utf8'), relative]);
		if (content === null) {
			rmSync(target, { force: true, recursive: true });
			return this;
		}
		mkdirSync(path.dirname(target.toString('utf8')), { recursive: true });
		writeFileSync(target, content);
		return this;
	}

	/** Stages everything (or `paths`) and commits. */
	commit(message: string, files?: FileTree): this {
		if (files) {
			this.write(files);
		}
		return this.git('add', '-A').git('commit', '-q', '--allow-empty', '-m', message);
	}

	/** Makes `count` commits, each touching `history.txt`. */
	commits(count: number, prefix = 'change'): this {
		for (let i = 1; i <= count; i++) {
			this.commit(`${prefix} ${i}`, { 'history.txt': `${prefix} ${i}\n` });
		}
		return this;
	}

	/** The commit HEAD points to. */
	head(): string {
		return this.output('rev-parse', 'HEAD');
	}

	/** The current branch name. */
	branch(): string {
		return this.output('symbolic-ref', '--short', 'HEAD');
	}

	/**
	 * Creates a bare repository at `bareDir`, adds it as remote `name` and pushes the current
	 * branch with upstream tracking. Returns the bare repository's path.
	 */
	publish(bareDir: string, name = 'origin'): string {
		mkdirSync(bareDir, { recursive: true });
		runGit(this.sandbox, bareDir, ['init', '-q', '--bare', '-b', this.branch()]);
		const bare = realpathSync(bareDir);
		this.git('remote', 'add', name, bare).git('push', '-q', '-u', name, this.branch());
		return bare;
	}

	/** Adds `url` as a submodule at `subPath` and commits. Returns the checkout. */
	addSubmodule(url: string, subPath: string, message = `Add submodule ${subPath}`): TestRepo {
		this.git('submodule', 'add', '-q', url, subPath);
		this.git('submodule', 'update', '--init', '--recursive', '-q', '--', subPath);
		this.git('commit', '-q', '-m', message);
		return TestRepo.open(this.sandbox, path.join(this.path, subPath));
	}

	/**
	 * Makes the branch `behind` commits behind its upstream (someone else pushed) and `ahead`
	 * commits ahead (local work not pushed). Needs an upstream (see {@link publish}).
	 */
	diverge(ahead: number, behind: number): this {
		if (behind > 0) {
			const remoteUrl = this.output('remote', 'get-url', 'origin');
			const other = TestRepo.clone(this.sandbox, remoteUrl, mkdtempSync(path.join(this.sandbox.dir, 'other-')));
			other.commits(behind, 'upstream change').git('push', '-q');
			this.git('fetch', '-q');
		}
		return this.commits(ahead, 'local change');
	}

	/** Clones `url` into `dir`. */
	static clone(sandbox: GitSandbox, url: string, dir: string): TestRepo {
		runGit(sandbox, path.dirname(dir), ['clone', '-q', url, dir]);
		const repo = TestRepo.open(sandbox, dir);
		return repo.git('config', 'user.name', TEST_AUTHOR.name).git('config', 'user.email', TEST_AUTHOR.email);
	}

	/** Leaves the repository mid-merge with a conflict in `file` (both sides changed it). */
	conflict(file = 'conflict.txt'): this {
		const base = this.branch();
		this.commit('conflict base', { [file]: 'base\n' });
		this.git('checkout', '-q', '-b', 'conflict-theirs').commit('theirs', { [file]: 'theirs\n' });
		this.git('checkout', '-q', base).commit('ours', { [file]: 'ours\n' });
		runGit(this.sandbox, this.path, ['merge', '-q', 'conflict-theirs'], { allowFailure: true });
		return this;
	}

	/** Detaches HEAD at `rev` (default the current commit). */
	detach(rev = 'HEAD'): this {
		return this.git('checkout', '-q', '--detach', rev);
	}

	/** Stashes a change to `stash.txt`, `count` times. */
	stash(count = 1): this {
		for (let i = 0; i < count; i++) {
			this.write({ 'stash.txt': `stashed ${i} ${Date.now()}\n` }).git('add', 'stash.txt').git('stash', 'push', '-q', '-m', `stash ${i}`);
		}
		return this;
	}

	/** Installs an executable hook script (POSIX shell). */
	hook(name: string, script: string): this {
		const hooksDir = this.output('rev-parse', '--git-path', 'hooks');
		const file = path.resolve(this.path, hooksDir, name);
		mkdirSync(path.dirname(file), { recursive: true });
		writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
		return this;
	}
}
