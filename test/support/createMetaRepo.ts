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
 *
 * With `demo` (what `npm run demo` opens), also, and a CI workflow file with `workflow_dispatch`
 * inputs in every repository:
 * - `libs/utils`        two commits behind its remote (someone else pushed; fetched, not pulled)
 * - `services/payments` mid-merge with a conflict in `src/refund.ts`
 * - `apps/web`          has its own submodule `vendor/icons` (the second nested repository)
 * - `docs`              clean
 */
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CI_WORKFLOW_YAML, demoRemoteUrl } from './github/demoWorld';
import { createGitSandbox, GitSandbox, TestRepo } from './repoBuilder';

/** Options of {@link createMetaRepo}. */
export interface MetaRepoOptions {
	/** Sandbox whose git configuration to use; by default one is created inside `dir`. */
	sandbox?: GitSandbox;
	/** Also add a linked worktree of the parent at `<dir>/meta-feature` (default false). */
	worktree?: boolean;
	/** Give every checked-out repository an `upstream` remote `https://github.com/acme/<name>.git` (default false). */
	githubUpstreams?: boolean;
	/** Add the demo's further repositories and states (see the module comment; default false). */
	demo?: boolean;
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
	/** With `demo`: the further repositories by role. */
	demo: { utils: string; payments: string; web: string; icons: string; docs: string } | null;
}

/** Names the demo's repositories have on the GitHub stand-in, the parent first (see `seedDemoGitHub`). */
export const DEMO_GITHUB_NAMES: readonly string[] = ['meta', 'core', 'ui', 'api', 'auth', 'crypto', 'utils', 'payments', 'web', 'icons', 'docs'];

/** Builds the meta-repository in `dir` (created if missing; should be empty). */
export function createMetaRepo(dir: string, options: MetaRepoOptions = {}): MetaRepo {
	mkdirSync(dir, { recursive: true });
	const base = realpathSync(dir);
	const sandbox = options.sandbox ?? createGitSandbox('git-', base);
	const sources = path.join(base, 'sources');
	const remotesDir = path.join(base, 'remotes');

	// The demo's repositories carry the workflow the GitHub stand-in runs for them.
	const workflowFiles: Record<string, string> = options.demo ? { '.github/workflows/ci.yml': CI_WORKFLOW_YAML } : {};
	const source = (name: string, files: Record<string, string>, history = 3): { repo: TestRepo; bare: string } => {
		const repo = TestRepo.init(sandbox, path.join(sources, name));
		repo.commit(`Initial ${name}`, { 'README.md': `# ${name}\n`, ...workflowFiles, ...files }).commits(history, `${name} change`);
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

	const extra = options.demo
		? (() => {
				const icons = source('icons', { 'src/icons.ts': 'export const icons = ["add", "remove"];\n' });
				const web = source('web', { 'src/app.tsx': 'export const App = () => null;\n', 'package.json': '{ "name": "web" }\n' });
				web.repo.addSubmodule(icons.bare, 'vendor/icons');
				web.repo.git('push', '-q');
				return {
					icons,
					web,
					utils: source('utils', { 'src/strings.ts': 'export const trim = (s: string) => s.trim();\n' }),
					payments: source('payments', { 'src/refund.ts': 'export const refundDays = 14;\n' }),
					docs: source('docs', { 'guide.md': '# Guide\n' }, 2),
				};
			})()
		: undefined;

	const meta = TestRepo.init(sandbox, path.join(base, 'meta'));
	meta.commit('Initial meta', { 'README.md': '# meta\n', '.gitignore': 'node_modules/\n', ...workflowFiles });
	const metaBare = meta.publish(path.join(remotesDir, 'meta.git'));
	// Lets the demo initialise `tools/legacy` from its local-path URL with the user's own config.
	meta.git('config', 'protocol.file.allow', 'always');
	meta.addSubmodule(core.bare, 'libs/core');
	meta.addSubmodule(ui.bare, 'libs/ui');
	meta.addSubmodule(api.bare, 'services/api');
	meta.addSubmodule(auth.bare, 'services/auth');
	meta.addSubmodule(legacy.bare, 'tools/legacy');
	if (extra) {
		meta.addSubmodule(extra.utils.bare, 'libs/utils');
		meta.addSubmodule(extra.payments.bare, 'services/payments');
		meta.addSubmodule(extra.web.bare, 'apps/web');
		meta.addSubmodule(extra.docs.bare, 'docs');
	}
	meta.git('push', '-q');
	// Deinit keeps the .gitmodules entry and an empty folder: exactly an uninitialised submodule.
	meta.git('submodule', 'deinit', '-q', '-f', '--', 'tools/legacy');

	const inMeta = (p: string) => path.join(meta.path, p);
	const demoCheckouts = extra ? ['libs/utils', 'services/payments', 'apps/web', 'apps/web/vendor/icons', 'docs'] : [];
	for (const sub of ['libs/core', 'libs/ui', 'services/api', 'services/auth', 'services/auth/vendor/crypto', ...demoCheckouts]) {
		TestRepo.open(sandbox, inMeta(sub)).git('config', 'user.name', 'Meta Gothic Test').git('config', 'user.email', 'test@meta-gothic.invalid');
	}
	if (options.githubUpstreams) {
		// Never fetched: the demo's GitHub stand-in serves `acme/<name>`, so every repository,
		// submodules included, has pipelines to show.
		const demoNames = extra ? [['libs/utils', 'utils'], ['services/payments', 'payments'], ['apps/web', 'web'], ['apps/web/vendor/icons', 'icons'], ['docs', 'docs']] : [];
		for (const [sub, name] of [['', 'meta'], ['libs/core', 'core'], ['libs/ui', 'ui'], ['services/api', 'api'], ['services/auth', 'auth'], ['services/auth/vendor/crypto', 'crypto'], ...demoNames]) {
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
	if (extra) {
		for (const sub of ['apps/web', 'apps/web/vendor/icons', 'docs']) {
			TestRepo.open(sandbox, inMeta(sub)).git('checkout', '-q', 'main');
		}
		// Someone else pushed twice; the fetch has seen it, the branch has not moved.
		TestRepo.open(sandbox, inMeta('libs/utils')).git('checkout', '-q', 'main').diverge(0, 2);
		// Both sides changed the refund window: a merge stopped on the conflict.
		TestRepo.open(sandbox, inMeta('services/payments')).git('checkout', '-q', 'main').conflict('src/refund.ts');
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
		demo: extra
			? {
					utils: inMeta('libs/utils'),
					payments: inMeta('services/payments'),
					web: inMeta('apps/web'),
					icons: inMeta('apps/web/vendor/icons'),
					docs: inMeta('docs'),
				}
			: null,
	};
}

if (require.main === module) {
	const target = process.argv[2];
	if (!target) {
		console.error('usage: node --import tsx test/support/createMetaRepo.ts <dir> [--worktree] [--github-upstreams] [--demo]');
		process.exit(2);
	}
	const meta = createMetaRepo(target, {
		worktree: process.argv.includes('--worktree'),
		githubUpstreams: process.argv.includes('--github-upstreams'),
		demo: process.argv.includes('--demo'),
	});
	console.log(`ROOT ${meta.root}`);
	for (const [role, p] of [...Object.entries(meta.submodules), ...Object.entries(meta.demo ?? {})]) {
		console.log(`SUBMODULE ${p}${role === 'legacy' ? ' (uninitialised)' : ''}`);
	}
	if (meta.worktree) {
		console.log(`WORKTREE ${meta.worktree}`);
	}
}
