import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ExecutionResult } from 'graphql';
import { createGateway, type MetaGothicGraph, type SubscriptionResult } from '../../../src/api';
import { createPackageFamily, type PackageFamily } from '../../support/npmRegistry/packageFamily';
import { type LocalRegistry, startVerdaccio } from '../../support/npmRegistry/verdaccio';
import { failOnUnhandledRejections } from '../../support/unhandledRejections';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');

const PACKAGES = `{
	packages {
		name version private latest published publishedAt deprecated releaseTag commitsSinceRelease needsRelease releaseReasons directory
		repository { path }
		registryError { code }
		distTags { tag version }
		versions { version }
		dependsOn { dependency { name } kind range admitsCurrentVersion outdated }
		dependents { dependent { name } range outdated }
	}
}`;

const PLAN = `query($bump: ReleaseBump) {
	releasePlan(bump: $bump) {
		steps { order package { name } reasons nextVersion inCycle after { name } rangeUpdates { dependent { name } dependency { name } range } }
		cycles { packages { name } }
	}
}`;

type Pkg = {
	name: string; version: string | null; private: boolean; latest: string | null; published: boolean | null; publishedAt: string | null; deprecated: string | null;
	releaseTag: string | null; commitsSinceRelease: number | null; needsRelease: boolean; releaseReasons: string[]; directory: string; repository: { path: string };
	registryError: { code: string } | null; distTags: Array<{ tag: string; version: string }>; versions: Array<{ version: string }>;
	dependsOn: Array<{ dependency: { name: string }; kind: string; range: string; admitsCurrentVersion: boolean | null; outdated: boolean }>;
	dependents: Array<{ dependent: { name: string }; range: string; outdated: boolean }>;
};

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('the packages graph over a family published to a real Verdaccio', function () {
	this.timeout(120_000);
	let registry: LocalRegistry;
	let dir: string;
	let family: PackageFamily;
	let userConfig: string;
	const graphs: MetaGothicGraph[] = [];
	const texts: string[] = [];

	failOnUnhandledRejections();
	before(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-packages-'));
		registry = await startVerdaccio({ parent: dir });
		family = await createPackageFamily(dir, registry);
		// Nothing of the user's own npm config may take part.
		userConfig = path.join(dir, 'empty-npmrc');
		writeFileSync(userConfig, '');
	});
	after(async () => {
		for (const g of graphs) {
			g.dispose();
		}
		await registry?.stop();
		rmSync(dir, { recursive: true, force: true });
	});
	afterEach(() => {
		assert.ok(!texts.join('\n').includes(registry.token), 'the registry token never appears in a result');
	});

	const open = async (execution: 'fused' | 'stitched' = 'fused'): Promise<MetaGothicGraph> => {
		const graph = await createGateway({
			roots: [family.root],
			execution,
			githubToken: null,
			gitEnv: family.sandbox.env,
			npmEnv: { HOME: dir },
			npmUserConfig: userConfig,
			storageDir: path.join(dir, 'agent-runs'),
		});
		graphs.push(graph);
		return graph;
	};
	const exec = async <T>(graph: MetaGothicGraph, query: string, variables?: Record<string, unknown>): Promise<T> => {
		const result = (await graph.execute({ query, variables })) as ExecutionResult<T>;
		texts.push(JSON.stringify(result));
		assert.equal(result.errors, undefined, JSON.stringify(result.errors));
		return plain(result.data as T);
	};

	const results = new Map<string, unknown>();
	for (const execution of ['fused', 'stitched'] as const) {
		it(`reports latest versions, release tags, commits since them and needsRelease (${execution})`, async () => {
			const graph = await open(execution);
			const { packages } = await exec<{ packages: Pkg[] }>(graph, PACKAGES);
			results.set(`packages ${execution}`, packages);
			const byName = new Map(packages.map((p) => [p.name, p]));
			assert.deepEqual([...byName.keys()], ['@acme/core', 'acme-utils', '@acme/ui', 'acme-legacy', 'acme-web', 'acme-tools', '@acme/cli', '@acme/lint']);
			const facts = (name: string) => {
				const p = byName.get(name) as Pkg;
				return [p.version, p.latest, p.releaseTag, p.commitsSinceRelease, p.needsRelease, p.releaseReasons];
			};
			assert.deepEqual(facts('@acme/core'), ['2.0.0', '2.0.0', '@acme/core@2.0.0', 2, true, ['UNRELEASED_COMMITS']]);
			assert.deepEqual(facts('acme-utils'), ['1.0.0', '1.0.0', 'v1.0.0', 0, false, []]);
			assert.deepEqual(facts('@acme/ui'), ['1.0.0', '1.0.0', 'v1.0.0', 0, false, []]);
			assert.deepEqual(facts('acme-legacy'), ['0.9.0', '0.9.0', 'v0.9.0', 0, false, []]);
			// A workspace package's commits are counted in its own folder: the cli commit is not lint's.
			assert.deepEqual(facts('@acme/lint'), ['0.1.0', '0.1.0', '@acme/lint@0.1.0', 0, false, []]);
			assert.deepEqual(facts('@acme/cli'), ['0.2.0', null, null, null, true, ['UNPUBLISHED_VERSION']]);
			assert.deepEqual(facts('acme-web'), ['0.0.1', null, null, null, false, []]);

			const core = byName.get('@acme/core') as Pkg;
			assert.deepEqual(core.versions.map((v) => v.version), ['1.0.0', '1.1.0', '2.0.0']);
			assert.deepEqual(core.distTags, [{ tag: 'latest', version: '2.0.0' }]);
			assert.equal(core.published, true);
			assert.ok(core.publishedAt && Date.parse(core.publishedAt) > Date.now() - 10 * 60_000, `published just now: ${core.publishedAt}`);
			assert.equal(byName.get('acme-legacy')?.deprecated, 'acme-legacy is replaced by @acme/core');
			assert.deepEqual([byName.get('@acme/cli')?.registryError, byName.get('@acme/cli')?.published], [{ code: 'NOT_FOUND' }, false]);
			assert.deepEqual([byName.get('acme-web')?.registryError, byName.get('acme-web')?.latest], [null, null], 'a private package is never looked up');
			assert.deepEqual([byName.get('@acme/cli')?.repository.path, byName.get('@acme/cli')?.directory], [family.repos.tools, 'packages/cli']);
		});

		it(`finds the outdated internal dependency, in both directions (${execution})`, async () => {
			const graph = await open(execution);
			const { packages } = await exec<{ packages: Pkg[] }>(graph, PACKAGES);
			const ui = packages.find((p) => p.name === '@acme/ui') as Pkg;
			assert.deepEqual(ui.dependsOn, [
				{ dependency: { name: '@acme/core' }, kind: 'PROD', range: '^1.1.0', admitsCurrentVersion: false, outdated: true },
				{ dependency: { name: 'acme-utils' }, kind: 'PROD', range: '^1.0.0', admitsCurrentVersion: true, outdated: false },
			]);
			const core = packages.find((p) => p.name === '@acme/core') as Pkg;
			assert.deepEqual(core.dependents.filter((d) => d.outdated).map((d) => `${d.dependent.name} ${d.range}`), ['@acme/ui ^1.1.0']);
			assert.deepEqual(core.dependents.map((d) => d.dependent.name).sort(), ['@acme/cli', '@acme/ui', 'acme-utils']);
		});

		it(`plans the release in dependency order and reports the cycle a major bump brings in (${execution})`, async () => {
			const graph = await open(execution);
			const patch = await exec<{ releasePlan: { steps: Array<{ order: number; package: { name: string }; reasons: string[]; nextVersion: string | null; inCycle: boolean; after: Array<{ name: string }> }>; cycles: unknown[] } }>(graph, PLAN, { bump: 'PATCH' });
			results.set(`plan ${execution}`, patch);
			assert.deepEqual(
				patch.releasePlan.steps.map((s) => [s.order, s.package.name, s.nextVersion, s.reasons.join('+'), s.after.map((a) => a.name).join(',')]),
				[
					[1, '@acme/core', '2.0.1', 'UNRELEASED_COMMITS', ''],
					[2, '@acme/cli', '0.2.0', 'UNPUBLISHED_VERSION', '@acme/core'],
					// ^1.1.0 does not admit 2.0.1: ui must widen its range and be released after core.
					[3, '@acme/ui', '1.0.1', 'DEPENDENCY_OUT_OF_RANGE', '@acme/core'],
				],
			);
			assert.deepEqual(patch.releasePlan.cycles, []);
			const major = await exec<{ releasePlan: { steps: Array<{ package: { name: string }; nextVersion: string | null; inCycle: boolean }>; cycles: Array<{ packages: Array<{ name: string }> }> } }>(graph, PLAN, { bump: 'MAJOR' });
			assert.deepEqual(
				major.releasePlan.steps.map((s) => [s.package.name, s.nextVersion, s.inCycle]),
				[['@acme/core', '3.0.0', false], ['@acme/cli', '0.2.0', false], ['@acme/ui', '1.0.1', true], ['acme-utils', '1.0.1', true]],
			);
			// utils ^2.0.0 no longer admits 3.0.0, and utils and ui depend on each other (ui on utils, utils on ui as a dev dependency).
			assert.deepEqual(major.releasePlan.cycles.map((c) => c.packages.map((p) => p.name)), [['@acme/ui', 'acme-utils']]);
		});
	}

	it('answers the same in fused and stitched execution', () => {
		assert.deepEqual(results.get('packages stitched'), results.get('packages fused'));
		assert.deepEqual(results.get('plan stitched'), results.get('plan fused'));
	});

	it('lists each repository\'s packages on the repository, a monorepo\'s workspace packages too', async () => {
		const graph = await open();
		const { repositories } = await exec<{ repositories: Array<{ path: string; packages: Array<{ name: string; needsRelease: boolean }> }> }>(graph, '{ repositories { path packages { name needsRelease } } }');
		const byPath = new Map(repositories.map((r) => [r.path, r.packages]));
		assert.deepEqual(byPath.get(family.root), []);
		assert.deepEqual(byPath.get(family.repos.tools), [{ name: 'acme-tools', needsRelease: false }, { name: '@acme/cli', needsRelease: true }, { name: '@acme/lint', needsRelease: false }]);
		assert.deepEqual(byPath.get(family.repos.core), [{ name: '@acme/core', needsRelease: true }]);
		const { packages } = await exec<{ packages: Array<{ name: string }> }>(graph, '{ packages(search: "ACME/C") { name } }');
		assert.deepEqual(packages.map((p) => p.name), ['@acme/core', '@acme/cli']);
	});

	it('asks the registry once per package, and a refresh costs one 304 per unchanged package', async () => {
		const graph = await open();
		const stats = graph.packages!.client.stats;
		await exec(graph, PACKAGES);
		// Six public packages; private ones are never asked about.
		assert.deepEqual({ ...stats }, { requests: 6, notModified: 0 });
		await exec(graph, PACKAGES);
		await exec(graph, '{ repositories { packages { latest needsRelease } } }');
		assert.deepEqual({ ...stats }, { requests: 6, notModified: 0 }, 'warm queries are answered from the cache');
		const refreshed = await exec<{ refreshPackages: { available: boolean; code: string | null; registry: string } }>(graph, 'mutation { refreshPackages { available code registry } }');
		assert.deepEqual(refreshed.refreshPackages, { available: true, code: null, registry: registry.url });
		// The never-published @acme/cli has no ETag to send: its 404 comes again in full.
		assert.deepEqual({ ...stats }, { requests: 12, notModified: 5 });
	});

	describe('meta-gothic packages', () => {
		const cli = async (args: string[]) => {
			try {
				const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), ...args], {
					cwd: repoRoot,
					env: { ...process.env, GITHUB_TOKEN: '', HOME: dir, npm_config_userconfig: userConfig, npm_config_registry: '', ...family.sandbox.env },
				});
				return { stdout, stderr, code: 0 };
			} catch (err) {
				const e = err as { stdout: string; stderr: string; code: number };
				return { stdout: e.stdout, stderr: e.stderr, code: e.code };
			}
		};

		it('--json prints each package with latest, commits since release, needs release and outdated internal dependents', async () => {
			const { stdout, stderr, code } = await cli(['packages', '--json', '--root', family.root]);
			texts.push(stdout, stderr);
			assert.equal(code, 0, stderr);
			const rows = JSON.parse(stdout) as Array<{ name: string; version: string; latest: string | null; commitsSinceRelease: number | null; needsRelease: boolean; outdatedDependents: Array<{ name: string; range: string }> }>;
			const core = rows.find((r) => r.name === '@acme/core');
			assert.deepEqual(
				{ version: core?.version, latest: core?.latest, commitsSinceRelease: core?.commitsSinceRelease, needsRelease: core?.needsRelease, outdatedDependents: core?.outdatedDependents },
				{ version: '2.0.0', latest: '2.0.0', commitsSinceRelease: 2, needsRelease: true, outdatedDependents: [{ name: '@acme/ui', range: '^1.1.0' }] },
			);
			assert.deepEqual(rows.filter((r) => r.needsRelease).map((r) => r.name), ['@acme/core', '@acme/cli']);
		});

		it('prints a table a person reads', async () => {
			const { stdout, code } = await cli(['packages', '--root', family.root]);
			texts.push(stdout);
			assert.equal(code, 0);
			const lines = stdout.trimEnd().split('\n');
			assert.match(lines[0], /^PACKAGE\s+VERSION\s+LATEST\s+SINCE TAG\s+NEEDS RELEASE\s+OUTDATED DEPENDENTS$/);
			assert.match(lines.find((l) => l.startsWith('@acme/core ')) ?? '', /^@acme\/core\s+2\.0\.0\s+2\.0\.0\s+2\s+yes \(commits\)\s+@acme\/ui \(\^1\.1\.0\)$/);
			assert.match(lines.find((l) => l.startsWith('@acme/cli ')) ?? '', /^@acme\/cli\s+0\.2\.0\s+unpublished\s+no tag\s+yes \(unpublished\)$/);
			assert.match(lines.find((l) => l.startsWith('acme-web ')) ?? '', /^acme-web\s+0\.0\.1\s+\(private\)$/);
		});

		it('meta-gothic graphql reports the latest versions, needsRelease and the outdated internal dependency', async () => {
			const query = '{ repositories { name packages { name latest needsRelease } } package(name: "@acme/ui") { dependsOn { dependency { name } range outdated } } }';
			const { stdout, code } = await cli(['graphql', query, '--root', family.root]);
			texts.push(stdout);
			assert.equal(code, 0, stdout);
			const { data } = JSON.parse(stdout) as { data: { repositories: Array<{ name: string; packages: Array<{ name: string; latest: string | null; needsRelease: boolean }> }>; package: unknown } };
			const withPackages = data.repositories.filter((r) => r.packages.length > 0).map((r) => [r.name, r.packages.map((p) => `${p.name} ${p.latest ?? '-'}${p.needsRelease ? ' needs release' : ''}`)]);
			assert.deepEqual(withPackages, [
				['libs/core', ['@acme/core 2.0.0 needs release']],
				['libs/utils', ['acme-utils 1.0.0']],
				['libs/ui', ['@acme/ui 1.0.0']],
				['libs/legacy', ['acme-legacy 0.9.0']],
				['apps/web', ['acme-web -']],
				['tools', ['acme-tools -', '@acme/cli - needs release', '@acme/lint 0.1.0']],
			]);
			assert.deepEqual(data.package, { dependsOn: [{ dependency: { name: '@acme/core' }, range: '^1.1.0', outdated: true }, { dependency: { name: 'acme-utils' }, range: '^1.0.0', outdated: false }] });
		});
	});

	// Last: it publishes a new version, which the other tests do not expect.
	describe('after another publish', () => {
		it('sees a new publish after a refresh, and says so on packagesChanged', async () => {
			const graph = await open();
			const read = async () => (await exec<{ package: { latest: string; needsRelease: boolean; versions: Array<{ version: string }> } }>(graph, '{ package(name: "acme-legacy") { latest needsRelease versions { version } } }')).package;
			assert.equal((await read()).latest, '0.9.0');
			const sub = (await graph.subscribe({ query: 'subscription { packagesChanged { available registry } }' })) as SubscriptionResult;
			assert.ok(Symbol.asyncIterator in sub, JSON.stringify(sub));
			const changed = sub.next();
			// Another maintainer publishes 1.0.0 from a clone: the workspace's own checkout still says 0.9.0.
			const clone = mkdtempSync(path.join(dir, 'publish-'));
			writeFileSync(path.join(clone, 'package.json'), JSON.stringify({ name: 'acme-legacy', version: '1.0.0' }));
			await registry.publish(clone);
			assert.equal((await read()).latest, '0.9.0', 'the cached answer holds until a refresh');
			await exec(graph, 'mutation { refreshPackages { available } }');
			const after = await read();
			assert.deepEqual([after.latest, after.versions.map((v) => v.version)], ['1.0.0', ['0.9.0', '1.0.0']]);
			const event = await changed;
			assert.deepEqual(plain((event.value as ExecutionResult).data), { packagesChanged: { available: true, registry: registry.url } });
			await sub.return?.();
		});
	});
});
