/**
 * A realistic meta-repository: a parent repository with several real submodule repositories, each
 * with history and a bare "origin" remote, in a spread of states. Used by tests, the demo
 * (`npm run demo`) and the UI tier.
 *
 * As a script: `node --import tsx test/support/createMetaRepo.ts <dir>` builds it in `<dir>` and
 * prints one `<kind> <path>` line per repository.
 *
 * Layout (under `<dir>/meta`):
 * - `libs/core`      clean, in sync with its remote
 * - `libs/ui`        dirty: a staged, a modified and an untracked file
 * - `services/api`   two commits ahead of its remote (so the parent sees a moved pointer)
 * - `services/auth`  has its own submodule `vendor/crypto` (a nested submodule)
 * - `tools/legacy`   registered but not checked out (uninitialised)
 */
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { demoRemoteUrl } from './github/demoWorld';
import { createGitSandbox, GitSandbox, TestRepo } from './repoBuilder';

/** Options of {@link createMetaRepo}. */
export interface MetaRepoOptions {
	/** Sandbox whose git configuration to use; by default one is created inside `dir`. */
	sandbox?: GitSandbox;
	/** Also add a linked worktree of the parent at `<dir>/meta-feature` (default false). */
	worktree?: boolean;
	/** Give every checked-out repository an `upstream` remote `https://github.com/acme/<name>.git` (default false). */
	githubUpstreams?: boolean;
}

/** Paths of everything {@link createMetaRepo} made. */
export interface MetaRepo {
	sandbox: GitSandbox;
	/** The parent repository. */
	root: string;
	/** Submodule checkouts by role. `legacy` is an empty, uninitialised folder. */
	submodules: { core: string; ui: string; api: string; auth: string; crypto: string; legacy: string };
	/** Bare remotes by role (`meta` is the parent's). */
	remotes: Record<'meta' | 'core' | 'ui' | 'api' | 'auth' | 'crypto' | 'legacy', string>;
	/** The linked worktree, when asked for. */
	worktree: string | null;
}

/** Builds the meta-repository in `dir` (created if missing; should be empty). */
export function createMetaRepo(dir: string, options: MetaRepoOptions = {}): MetaRepo {
	mkdirSync(dir, { recursive: true });
	const base = realpathSync(dir);
	const sandbox = options.sandbox ?? createGitSandbox('git-', base);
	const sources = path.join(base, 'sources');
	const remotesDir = path.join(base, 'remotes');

	const source = (name: string, files: Record<string, string>, history = 3): { repo: TestRepo; bare: string } => {
		const repo = TestRepo.init(sandbox, path.join(sources, name));
		repo.commit(`Initial ${name}`, { 'README.md': `# ${name}\n`, ...files }).commits(history, `${name} change`);
		return { repo, bare: repo.publish(path.join(remotesDir, `${name}.git`)) };
	};

	const crypto = source('crypto', { 'src/cipher.ts': 'export const cipher = "rot13";\n' });
	const auth = source('auth', { 'src/login.ts': 'export function login(): void {}\n' });
	auth.repo.addSubmodule(crypto.bare, 'vendor/crypto');
	auth.repo.git('push', '-q');
	const core = source('core', { 'src/index.ts': 'export const core = 1;\n', 'package.json': '{ "name": "core" }\n' });
	const ui = source('ui', { 'src/button.tsx': 'export const Button = () => null;\n', 'src/theme.css': 'body {}\n' });
	const api = source('api', { 'src/server.ts': 'export const port = 8080;\n' });
	const legacy = source('legacy', { 'legacy.sh': 'echo legacy\n' }, 1);

	const meta = TestRepo.init(sandbox, path.join(base, 'meta'));
	meta.commit('Initial meta', { 'README.md': '# meta\n', '.gitignore': 'node_modules/\n' });
	const metaBare = meta.publish(path.join(remotesDir, 'meta.git'));
	// Lets the demo initialise `tools/legacy` from its local-path URL with the user's own config.
	meta.git('config', 'protocol.file.allow', 'always');
	meta.addSubmodule(core.bare, 'libs/core');
	meta.addSubmodule(ui.bare, 'libs/ui');
	meta.addSubmodule(api.bare, 'services/api');
	meta.addSubmodule(auth.bare, 'services/auth');
	meta.addSubmodule(legacy.bare, 'tools/legacy');
	meta.git('push', '-q');
	// Deinit keeps the .gitmodules entry and an empty folder: exactly an uninitialised submodule.
	meta.git('submodule', 'deinit', '-q', '-f', '--', 'tools/legacy');

	const inMeta = (p: string) => path.join(meta.path, p);
	for (const sub of ['libs/core', 'libs/ui', 'services/api', 'services/auth', 'services/auth/vendor/crypto']) {
		TestRepo.open(sandbox, inMeta(sub)).git('config', 'user.name', 'Meta Gothic Test').git('config', 'user.email', 'test@meta-gothic.invalid');
	}
	if (options.githubUpstreams) {
		// Never fetched: the demo's GitHub stand-in serves `acme/<name>`, so every repository,
		// submodules included, has pipelines to show.
		for (const [sub, name] of [['', 'meta'], ['libs/core', 'core'], ['libs/ui', 'ui'], ['services/api', 'api'], ['services/auth', 'auth'], ['services/auth/vendor/crypto', 'crypto']]) {
			TestRepo.open(sandbox, sub ? inMeta(sub) : meta.path).git('remote', 'add', 'upstream', demoRemoteUrl(name));
		}
	}

	TestRepo.open(sandbox, inMeta('libs/ui'))
		.write({ 'src/staged.ts': 'export const staged = true;\n' })
		.git('add', 'src/staged.ts')
		.write({ 'src/theme.css': 'body { color: red; }\n', 'notes.txt': 'untracked\n' });
	// Submodules are checked out detached; work happens on a branch.
	TestRepo.open(sandbox, inMeta('services/api')).git('checkout', '-q', 'main').commits(2, 'api local');
	for (const sub of ['libs/core', 'services/auth', 'services/auth/vendor/crypto']) {
		TestRepo.open(sandbox, inMeta(sub)).git('checkout', '-q', 'main');
	}

	// The source clones were only needed to build history; the bare remotes hold it now.
	rmSync(sources, { recursive: true, force: true });

	let worktree: string | null = null;
	if (options.worktree) {
		worktree = path.join(base, 'meta-feature');
		meta.git('worktree', 'add', '-q', '-b', 'feature', worktree);
	}

	return {
		sandbox,
		root: meta.path,
		submodules: {
			core: inMeta('libs/core'),
			ui: inMeta('libs/ui'),
			api: inMeta('services/api'),
			auth: inMeta('services/auth'),
			crypto: inMeta('services/auth/vendor/crypto'),
			legacy: inMeta('tools/legacy'),
		},
		remotes: { meta: metaBare, core: core.bare, ui: ui.bare, api: api.bare, auth: auth.bare, crypto: crypto.bare, legacy: legacy.bare },
		worktree,
	};
}

if (require.main === module) {
	const target = process.argv[2];
	if (!target) {
		console.error('usage: node --import tsx test/support/createMetaRepo.ts <dir> [--worktree] [--github-upstreams]');
		process.exit(2);
	}
	const meta = createMetaRepo(target, { worktree: process.argv.includes('--worktree'), githubUpstreams: process.argv.includes('--github-upstreams') });
	console.log(`ROOT ${meta.root}`);
	for (const [role, p] of Object.entries(meta.submodules)) {
		console.log(`SUBMODULE ${p}${role === 'legacy' ? ' (uninitialised)' : ''}`);
	}
	if (meta.worktree) {
		console.log(`WORKTREE ${meta.worktree}`);
	}
}
