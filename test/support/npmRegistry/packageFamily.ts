/**
 * A family of packages in a meta-repository, published to a local registry: the fixture of the
 * packages tests, the UI tier and the demo. Real git repositories (submodules of a parent), real
 * tags, real `npm publish` of several versions, a deprecation, and the states a maintainer needs
 * to see:
 *
 * | repository  | package       | versions published    | tag                | after the tag | declares                                  |
 * | ---         | ---           | ---                   | ---                | ---           | ---                                       |
 * | libs/core   | `@acme/core`  | 1.0.0, 1.1.0, 2.0.0   | `@acme/core@2.0.0` | 2 commits     |                                           |
 * | libs/utils  | `acme-utils`  | 1.0.0                 | `v1.0.0`           | none          | core `^2.0.0`; dev: ui `^1.0.0`           |
 * | libs/ui     | `@acme/ui`    | 1.0.0                 | `v1.0.0`           | none          | core `^1.1.0` (outdated), utils `^1.0.0`  |
 * | libs/legacy | `acme-legacy` | 0.9.0, deprecated     | `v0.9.0`           | none          |                                           |
 * | apps/web    | `acme-web`    | private               |                    |               | utils `^1.0.0`, ui `^1.0.0`               |
 * | tools       | `acme-tools` (private workspace root) with `packages/lint` `@acme/lint` 0.1.0 (tag `@acme/lint@0.1.0`) and `packages/cli` `@acme/cli` 0.2.0 (never published; core `^2.0.0`); one commit after the lint tag touches only `packages/cli` |
 *
 * The parent's `.npmrc` (git-ignored) names the registry and its token; the submodules read it
 * as the workspace's project config.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createGitSandbox, type GitSandbox, TestRepo } from '../repoBuilder';
import type { LocalRegistry } from './verdaccio';

/** Paths of what {@link createPackageFamily} made. */
export interface PackageFamily {
	sandbox: GitSandbox;
	/** The parent repository (the workspace to open). */
	root: string;
	/** Checkouts by role. */
	repos: { core: string; utils: string; ui: string; legacy: string; web: string; tools: string };
	/** The parent's `.npmrc`. */
	npmrc: string;
}

function json(value: unknown): string {
	return `${JSON.stringify(value, null, 2)}\n`;
}

interface PackageSpec {
	name: string;
	version: string;
	private?: boolean;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	workspaces?: string[];
}

function manifest(spec: PackageSpec): string {
	const { name, version, private: isPrivate, ...rest } = spec;
	return json({ name, version, ...(isPrivate ? { private: true } : {}), license: 'MIT', main: 'index.js', ...rest });
}

/** A release: bump, commit, tag, push with tags, publish. */
async function release(registry: LocalRegistry, repo: TestRepo, spec: PackageSpec, tag: string, folder = ''): Promise<void> {
	const prefix = folder ? `${folder}/` : '';
	repo.commit(`Release ${spec.name}@${spec.version}`, { [`${prefix}package.json`]: manifest(spec), [`${prefix}index.js`]: `module.exports = ${JSON.stringify(`${spec.name}@${spec.version}`)};\n` });
	repo.git('tag', '-a', tag, '-m', tag).git('push', '-q', 'origin', 'HEAD', '--tags');
	await registry.publish(folder ? path.join(repo.path, folder) : repo.path);
}

/** Builds the family in `dir` (created if needed) and publishes it to `registry`. */
export async function createPackageFamily(dir: string, registry: LocalRegistry, options: { sandbox?: GitSandbox } = {}): Promise<PackageFamily> {
	const sandbox = options.sandbox ?? createGitSandbox('family-', dir);
	const base = sandbox.dir;
	const source = (name: string): TestRepo => {
		const repo = TestRepo.init(sandbox, path.join(base, 'sources', name));
		repo.commit(`Initial ${name}`, { 'README.md': `# ${name}\n`, '.npmignore': 'history.txt\n' });
		repo.publish(path.join(base, 'remotes', `${name}.git`));
		return repo;
	};
	const core = source('core');
	const utils = source('utils');
	const ui = source('ui');
	const legacy = source('legacy');
	const web = source('web');
	const tools = source('tools');

	const utilsSpec: PackageSpec = { name: 'acme-utils', version: '1.0.0', dependencies: { '@acme/core': '^2.0.0' }, devDependencies: { '@acme/ui': '^1.0.0' } };
	const uiSpec: PackageSpec = { name: '@acme/ui', version: '1.0.0', dependencies: { '@acme/core': '^1.1.0', 'acme-utils': '^1.0.0' } };
	const lintSpec: PackageSpec = { name: '@acme/lint', version: '0.1.0' };
	await Promise.all([
		(async () => {
			for (const version of ['1.0.0', '1.1.0', '2.0.0']) {
				await release(registry, core, { name: '@acme/core', version }, `@acme/core@${version}`);
			}
			core.commit('core: faster parse', { 'src/parse.js': 'module.exports = (s) => s.trim();\n' });
			core.commit('core: document parse', { 'README.md': '# core\n\nparse(s) trims.\n' });
			core.git('push', '-q');
		})(),
		release(registry, utils, utilsSpec, 'v1.0.0'),
		release(registry, ui, uiSpec, 'v1.0.0'),
		(async () => {
			await release(registry, legacy, { name: 'acme-legacy', version: '0.9.0' }, 'v0.9.0');
			await registry.deprecate('acme-legacy@0.9.0', 'acme-legacy is replaced by @acme/core');
		})(),
		(async () => {
			tools.write({ 'package.json': manifest({ name: 'acme-tools', version: '0.0.0', private: true, workspaces: ['packages/*'] }) });
			await release(registry, tools, lintSpec, '@acme/lint@0.1.0', 'packages/lint');
			tools.commit('cli: first version', { 'packages/cli/package.json': manifest({ name: '@acme/cli', version: '0.2.0', dependencies: { '@acme/core': '^2.0.0' } }), 'packages/cli/index.js': 'module.exports = {};\n' });
			tools.git('push', '-q');
		})(),
	]);
	web.commit('web app', { 'package.json': manifest({ name: 'acme-web', version: '0.0.1', private: true, dependencies: { 'acme-utils': '^1.0.0', '@acme/ui': '^1.0.0' } }) }).git('push', '-q');

	const meta = TestRepo.init(sandbox, path.join(base, 'meta'));
	meta.commit('Initial meta', { 'README.md': '# acme\n\nThe acme packages.\n', '.gitignore': '.npmrc\nnode_modules/\n' });
	meta.publish(path.join(base, 'remotes', 'meta.git'));
	const roles = { core: 'libs/core', utils: 'libs/utils', ui: 'libs/ui', legacy: 'libs/legacy', web: 'apps/web', tools: 'tools' } as const;
	const sources = { core, utils, ui, legacy, web, tools };
	for (const [role, sub] of Object.entries(roles)) {
		meta.addSubmodule(path.join(base, 'remotes', `${sources[role as keyof typeof sources].path.split(path.sep).pop()}.git`), sub);
	}
	meta.git('push', '-q');
	const npmrc = path.join(meta.path, '.npmrc');
	writeFileSync(npmrc, `registry=${registry.url}\n${registry.authLine}\n`);
	const inMeta = (sub: string) => path.join(meta.path, sub);
	for (const sub of Object.values(roles)) {
		// Submodules are checked out detached; a maintainer works on the branch.
		TestRepo.open(sandbox, inMeta(sub)).git('checkout', '-q', 'main');
	}
	return {
		sandbox,
		root: meta.path,
		repos: { core: inMeta(roles.core), utils: inMeta(roles.utils), ui: inMeta(roles.ui), legacy: inMeta(roles.legacy), web: inMeta(roles.web), tools: inMeta(roles.tools) },
		npmrc,
	};
}
