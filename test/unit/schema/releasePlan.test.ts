import { strict as assert } from 'node:assert';
import type { DependencyDeclaration, PackageManifestRecord } from '../../../src/schema/contracts/packages';
import { planReleases, type ReleaseCandidate } from '../../../src/schema/packages/releasePlan';
import { rangeAdmits, WorkspaceGraph } from '../../../src/schema/packages/workspaceGraph';

function pkg(name: string, version: string, deps: Record<string, string> = {}, extra: Partial<PackageManifestRecord> = {}): PackageManifestRecord {
	const dependencies: DependencyDeclaration[] = Object.entries(deps).map(([n, range]) => ({ name: n, range, kind: 'PROD' }));
	return { repositoryPath: `/w/${name}`, directory: '', name, version, private: false, dependencies, error: null, ...extra };
}

const commits = (p: PackageManifestRecord): ReleaseCandidate => ({ pkg: p, reasons: ['UNRELEASED_COMMITS'], versionUnpublished: false });

describe('rangeAdmits', () => {
	it('reads semver ranges, the workspace: protocol, and says null for what is not a range', () => {
		const cases: Array<[string, string | null, boolean | null]> = [
			['^1.2.0', '1.9.0', true],
			['^1.2.0', '2.0.0', false],
			['~1.2.0', '1.3.0', false],
			['>=1 <3', '2.5.0', true],
			['*', '9.0.0', true],
			['', '1.0.0', true],
			['workspace:*', '5.0.0', true],
			['workspace:^', '5.0.0', true],
			['workspace:^1.0.0', '2.0.0', false],
			['file:../core', '1.0.0', null],
			['github:acme/core', '1.0.0', null],
			['acme/core', '1.0.0', null],
			['npm:other@^1', '1.0.0', null],
			['latest', '1.0.0', null],
			['^1.0.0', null, null],
			['^1.0.0', 'not-a-version', null],
		];
		for (const [range, version, admits] of cases) {
			assert.equal(rangeAdmits(range, version), admits, `${range} admits ${version}`);
		}
	});
});

describe('planReleases', () => {
	it('adds the dependents whose range will not admit the next version, transitively, in dependency order', () => {
		const core = pkg('core', '1.4.0');
		const mid = pkg('mid', '2.0.0', { core: '~1.4.0' });
		const top = pkg('top', '3.0.0', { mid: '2.0.0' });
		const fine = pkg('fine', '1.0.0', { core: '^1.0.0' });
		const app = pkg('app', '0.0.1', { top: '^3.0.0' }, { private: true });
		const graph = new WorkspaceGraph([top, app, fine, mid, core]);
		const minor = planReleases(graph, [commits(core)], 'MINOR');
		assert.deepEqual(minor.steps.map((s) => [s.order, s.pkg.name, s.nextVersion, s.reasons.join(), s.rangeUpdates.map((e) => `${e.dependency.name}@${e.range}`).join()]), [
			[1, 'core', '1.5.0', 'UNRELEASED_COMMITS', ''],
			[2, 'mid', '2.0.1', 'DEPENDENCY_OUT_OF_RANGE', 'core@~1.4.0'],
			// `2.0.0` exactly does not admit 2.0.1: top widens too; app admits top@3.0.1 with ^3.0.0.
			[3, 'top', '3.0.1', 'DEPENDENCY_OUT_OF_RANGE', 'mid@2.0.0'],
		]);
		assert.deepEqual(planReleases(graph, [commits(core)], 'PATCH').steps.map((s) => s.pkg.name), ['core']);
	});

	it('takes an unpublished version as the next one, and lists a private dependent without a version', () => {
		const core = pkg('core', '2.0.0');
		const app = pkg('app', '1.0.0', { core: '^1.0.0' }, { private: true });
		const plan = planReleases(new WorkspaceGraph([core, app]), [{ pkg: core, reasons: ['UNPUBLISHED_VERSION'], versionUnpublished: true }]);
		assert.deepEqual(plan.steps.map((s) => [s.pkg.name, s.nextVersion, s.after.map((a) => a.name)]), [['core', '2.0.0', []], ['app', null, ['core']]]);
	});

	it('reports a cycle and releases its members together, without looping', () => {
		const a = pkg('a', '1.0.0', { b: '1.0.0' });
		const b = pkg('b', '1.0.0', { c: '1.0.0' });
		const c = pkg('c', '1.0.0', { a: '1.0.0' });
		const d = pkg('d', '1.0.0', { c: '1.0.0' });
		const base = pkg('base', '1.0.0');
		const plan = planReleases(new WorkspaceGraph([a, b, c, d, base]), [commits(a), commits(base)]);
		assert.deepEqual(plan.steps.map((s) => [s.pkg.name, s.inCycle]), [['a', true], ['b', true], ['c', true], ['base', false], ['d', false]]);
		assert.deepEqual(plan.cycles.map((cycle) => cycle.map((p) => p.name)), [['a', 'b', 'c']]);
	});

	it('handles a long chain without deep recursion', () => {
		const chain = Array.from({ length: 3000 }, (_, i) => pkg(`p${String(i).padStart(4, '0')}`, '1.0.0', i === 0 ? {} : { [`p${String(i - 1).padStart(4, '0')}`]: '1.0.0' }));
		const plan = planReleases(new WorkspaceGraph(chain), [commits(chain[0])]);
		assert.equal(plan.steps.length, 3000);
		assert.deepEqual(plan.steps.slice(0, 2).map((s) => s.pkg.name), ['p0000', 'p0001']);
	});
});
