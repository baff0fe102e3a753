// A small meta-repository made with real git: a parent repository whose children are submodules
// with history of their own, one of them left with uncommitted changes. The vscode and ui tiers
// open it so the extension sees what a user's checkout looks like.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Names of the submodules {@link createMiniWorkspace} makes, in the order they are added. */
export const SUBMODULES = ['api-gateway', 'billing-service', 'web-frontend'];

/** Owner of the GitHub repositories the workspace's `upstream` remotes name. */
export const GITHUB_OWNER = 'acme';

/** The submodule left with uncommitted changes. */
export const DIRTY_SUBMODULE = 'billing-service';

// Fixed identity, dates and config so the repositories are the same on every machine, whatever
// the user's ~/.gitconfig says.
const GIT_ENV = {
	GIT_CONFIG_NOSYSTEM: '1',
	GIT_CONFIG_GLOBAL: '/dev/null',
	GIT_AUTHOR_NAME: 'Meta GOTHIC Tests',
	GIT_AUTHOR_EMAIL: 'tests@meta-gothic.invalid',
	GIT_COMMITTER_NAME: 'Meta GOTHIC Tests',
	GIT_COMMITTER_EMAIL: 'tests@meta-gothic.invalid',
	GIT_TERMINAL_PROMPT: '0',
};

let clock = Date.UTC(2024, 0, 1) / 1000;

function git(cwd, ...args) {
	clock += 3600;
	return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'protocol.file.allow=always', ...args], {
		cwd,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, ...GIT_ENV, GIT_AUTHOR_DATE: `${clock} +0000`, GIT_COMMITTER_DATE: `${clock} +0000` },
	}).trim();
}

function commitFile(repo, file, content, message) {
	writeFileSync(join(repo, file), content);
	git(repo, 'add', file);
	git(repo, 'commit', '-q', '-m', message);
}

/** Makes a standalone repository with a few commits, the upstream a submodule is cloned from. */
function createUpstream(dir, name) {
	mkdirSync(dir, { recursive: true });
	git(dir, 'init', '-q');
	commitFile(dir, 'README.md', `# ${name}\n`, `${name}: initial commit`);
	commitFile(dir, 'package.json', `${JSON.stringify({ name, version: '1.0.0', private: true }, null, '\t')}\n`, 'Add package.json');
	commitFile(dir, 'index.js', `module.exports = '${name}';\n`, 'Add entry point');
	// A checkout, not a bare repository: let a push to its checked-out branch update it, so
	// Push All has somewhere to push to.
	git(dir, 'config', 'receive.denyCurrentBranch', 'updateInstead');
}

/**
 * Creates the workspace under a new temporary folder.
 * @param {object} [options]
 * @param {string} [options.root] parent folder to create it in (default: the OS temp folder)
 * @returns {{ root: string, workspace: string, submodules: string[], dirty: string, upstreams: Array<{ dir: string, repository: string }> }}
 *   `workspace` is the parent repository to open; `root` also holds the upstreams and can be
 *   removed as a whole. `upstreams` are the submodules' origins, each with the GitHub repository
 *   (`owner/name`) it stands for.
 */
export function createMiniWorkspace({ root } = {}) {
	const base = mkdtempSync(join(root ?? tmpdir(), 'meta-gothic-ws-'));
	const workspace = join(base, 'meta');
	mkdirSync(workspace);
	git(workspace, 'init', '-q');
	commitFile(workspace, 'README.md', '# meta\n\nA meta-repository of services.\n', 'Initial commit');
	for (const name of SUBMODULES) {
		const upstream = join(base, 'upstream', name);
		createUpstream(upstream, name);
		git(workspace, 'submodule', 'add', '-q', upstream, name);
		git(workspace, 'commit', '-q', '-m', `Add ${name} as a submodule`);
	}
	// code-server runs with its own empty HOME: each repository carries the identity its commits need.
	// Each also names a GitHub repository (never fetched) that the GitHub stand-in serves, as
	// `seedDemoGitHub` in test/support/github/demoWorld.ts does for `acme/<name>`.
	for (const [repo, name] of [[workspace, 'meta'], ...SUBMODULES.map((name) => [join(workspace, name), name])]) {
		git(repo, 'config', 'user.name', GIT_ENV.GIT_AUTHOR_NAME);
		git(repo, 'config', 'user.email', GIT_ENV.GIT_AUTHOR_EMAIL);
		git(repo, 'remote', 'add', 'upstream', `https://github.com/${GITHUB_OWNER}/${name}.git`);
	}
	// One child with a modified tracked file and an untracked one, so "dirty" shows somewhere.
	const dirty = join(workspace, DIRTY_SUBMODULE);
	writeFileSync(join(dirty, 'index.js'), `module.exports = '${DIRTY_SUBMODULE} (edited)';\n`);
	writeFileSync(join(dirty, 'NOTES.md'), 'work in progress\n');
	const upstreams = SUBMODULES.map((name) => ({ dir: join(base, 'upstream', name), repository: `${GITHUB_OWNER}/${name}` }));
	return { root: base, workspace, submodules: [...SUBMODULES], dirty: DIRTY_SUBMODULE, upstreams };
}
