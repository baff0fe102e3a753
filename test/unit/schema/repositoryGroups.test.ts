import { strict as assert } from 'node:assert';
import { RepositoryGroups } from '../../../src/common/repositoryGroups';
import { Gateway } from '../../../src/schema/gateway';
import type { RepositoryGroupsSource } from '../../../src/schema/repositoryGroupsSource';
import { agentRun, MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState, workflowRun } from '../../support/graph/memorySources';

/** graphql-js builds results with null prototypes; compare them as the JSON they become. */
function plain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

const SETTING = { frontend: ['apps/*'], meta: ['.'], core: ['libs/core/**'], broken: ['apps/[web'], empty: [] };

function setup(execution: 'fused' | 'stitched', groups?: RepositoryGroupsSource) {
	const repos = new MemoryRepos([
		repoState('/w/meta'),
		repoState('/w/meta/apps/web', { kind: 'SUBMODULE', parentPath: '/w/meta', name: 'apps/web' }),
		repoState('/w/meta/apps/admin', { kind: 'SUBMODULE', parentPath: '/w/meta', name: 'apps/admin' }),
		repoState('/w/meta/libs/core', { kind: 'SUBMODULE', parentPath: '/w/meta', name: 'libs/core' }),
		repoState('/w/meta/libs/core/deps/zlib', { kind: 'SUBMODULE', parentPath: '/w/meta/libs/core', name: 'deps/zlib' }),
	]);
	const workflows = new MemoryWorkflows(new Map(), [
		workflowRun('/w/meta/apps/web', { id: '1', createdAt: '2026-01-01T00:00:00Z' }),
		workflowRun('/w/meta/libs/core', { id: '2', createdAt: '2026-01-02T00:00:00Z' }),
		workflowRun('/w/meta/apps/admin', { id: '3', createdAt: '2026-01-03T00:00:00Z' }),
		workflowRun('/w/meta/libs/core', { id: '4', createdAt: '2026-01-04T00:00:00Z' }),
	]);
	// Newest first, as the run queue lists them.
	const agentRuns = new MemoryAgentRuns([
		agentRun('/w/meta/libs/core', { id: 'r4' }),
		agentRun('/w/meta/libs/core', { id: 'r3' }),
		agentRun('/w/meta/apps/admin', { id: 'r2' }),
		agentRun('/w/meta/apps/web', { id: 'r1' }),
	]);
	const repositoryGroups = groups ?? { groups: RepositoryGroups.fromSetting(SETTING, ['/w/meta']) };
	return { repos, gateway: new Gateway({ repos, workflows, agentRuns, repositoryGroups, execution }) };
}

async function data(gateway: Gateway, query: string, variables?: Record<string, unknown>): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
	const result = await gateway.execute({ query, variables });
	assert.equal(result.errors, undefined, JSON.stringify(result.errors));
	return plain(result.data);
}

async function errorOf(gateway: Gateway, query: string, variables?: Record<string, unknown>): Promise<{ message: string; code: unknown; data: unknown }> {
	const result = await gateway.execute({ query, variables });
	assert.equal(result.errors?.length, 1, `expected one error for ${query}`);
	return { message: result.errors[0].message, code: result.errors[0].extensions?.code, data: plain(result.data) };
}

for (const execution of ['fused', 'stitched'] as const) {
	describe(`Repository groups in the graph (${execution} execution)`, () => {
		it('lists the groups in the setting order with their patterns, counts, members and errors', async () => {
			const { gateway } = setup(execution);
			const { repositoryGroups } = await data(gateway, '{ repositoryGroups { name patterns repositoryCount repositories { name } error } }');
			assert.deepEqual(
				repositoryGroups.map((g: { name: string; repositoryCount: number }) => [g.name, g.repositoryCount]),
				[['frontend', 2], ['meta', 1], ['core', 2], ['broken', 0], ['empty', 0]],
			);
			assert.deepEqual(repositoryGroups[0].patterns, ['apps/*']);
			assert.deepEqual(repositoryGroups[2].repositories, [{ name: 'libs/core' }, { name: 'deps/zlib' }]);
			assert.equal(repositoryGroups[0].error, null);
			assert.match(repositoryGroups[3].error, /"apps\/\[web" is not a valid glob/);
			assert.deepEqual(repositoryGroups[3].repositories, []);
		});

		it('narrows repositories to a group, in discovery order, merged fields intact', async () => {
			const { gateway } = setup(execution);
			const frontend = await data(gateway, 'query($g: String) { repositories(group: $g) { name kind parent { name } agentRuns { id } } }', { g: 'frontend' });
			assert.deepEqual(frontend.repositories, [
				{ name: 'apps/web', kind: 'SUBMODULE', parent: { name: 'meta' }, agentRuns: [{ id: 'r1' }] },
				{ name: 'apps/admin', kind: 'SUBMODULE', parent: { name: 'meta' }, agentRuns: [{ id: 'r2' }] },
			]);
			// The root of the meta-repository alone: its submodules are not implied.
			assert.deepEqual((await data(gateway, '{ repositories(group: "meta") { name } }')).repositories, [{ name: 'meta' }]);
			assert.deepEqual((await data(gateway, '{ repositories(group: "empty") { name } }')).repositories, []);
		});

		it('answers every repository without a group (and with group: null)', async () => {
			const { gateway } = setup(execution);
			assert.equal((await data(gateway, '{ repositories { path } }')).repositories.length, 5);
			assert.equal((await data(gateway, 'query($g: String) { repositories(group: $g) { path } }', { g: null })).repositories.length, 5);
		});

		it('narrows agent runs and workflow runs, counting `first` after the filter', async () => {
			const { gateway } = setup(execution);
			const result = await data(gateway, '{ agentRuns(first: 1, group: "frontend") { id } workflowRuns(first: 5, group: "frontend") { id } all: agentRuns(first: 2) { id } }');
			assert.deepEqual(result.agentRuns, [{ id: 'r2' }], 'the newest frontend run, though two core runs are newer');
			assert.deepEqual(result.workflowRuns, [{ id: '3' }, { id: '1' }]);
			assert.deepEqual(result.all, [{ id: 'r4' }, { id: 'r3' }]);
		});

		it('refuses an unknown group with a clear NOT_FOUND error naming the groups', async () => {
			const { gateway } = setup(execution);
			const error = await errorOf(gateway, '{ repositories(group: "backend") { name } }');
			assert.equal(error.message, 'Repository group "backend" is not defined in the setting metaGothic.repos.groups; the groups are "frontend", "meta", "core", "broken", "empty"');
			assert.equal(error.code, 'NOT_FOUND');
			assert.equal(error.data, null, 'repositories is non-null, so the error nulls the result');
			assert.equal((await errorOf(gateway, '{ agentRuns(group: "backend") { id } }')).code, 'NOT_FOUND');
			assert.equal((await errorOf(gateway, '{ workflowRuns(group: "backend") { id } }')).code, 'NOT_FOUND');
		});

		it('refuses an invalid group with BAD_USER_INPUT and its problems', async () => {
			const { gateway } = setup(execution);
			const error = await errorOf(gateway, '{ repositories(group: "broken") { name } }');
			assert.equal(error.code, 'BAD_USER_INPUT');
			assert.match(error.message, /^Repository group "broken" is invalid .*\n.*"apps\/\[web" is not a valid glob/);
		});

		it('reads the groups on each request, so a changed setting applies at once', async () => {
			const source = { groups: RepositoryGroups.fromSetting({ a: ['apps/web'] }, ['/w/meta']) };
			const { gateway } = setup(execution, source);
			assert.deepEqual((await data(gateway, '{ repositories(group: "a") { name } }')).repositories, [{ name: 'apps/web' }]);
			source.groups = RepositoryGroups.fromSetting({ a: ['libs/*'] }, ['/w/meta']);
			assert.deepEqual((await data(gateway, '{ repositories(group: "a") { name } }')).repositories, [{ name: 'libs/core' }]);
		});

		it('counts repositories found after the groups were compiled', async () => {
			const { gateway, repos } = setup(execution);
			repos.repositories = [...repos.repositories, repoState('/w/meta/apps/docs', { kind: 'NESTED', parentPath: '/w/meta' })];
			const { repositoryGroups } = await data(gateway, '{ repositoryGroups { name repositoryCount } }');
			assert.equal(repositoryGroups[0].repositoryCount, 3);
		});
	});
}

describe('Repository groups without a groups source', () => {
	it('has no groups, and every group is unknown', async () => {
		const repos = new MemoryRepos([repoState('/w/meta')]);
		const gateway = new Gateway({ repos, workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([]) });
		assert.deepEqual((await data(gateway, '{ repositoryGroups { name } }')).repositoryGroups, []);
		assert.match((await errorOf(gateway, '{ repositories(group: "x") { name } }')).message, /none is defined/);
	});
});

describe('Repository groups in both execution modes', () => {
	it('answer the same data and the same errors', async () => {
		const fused = setup('fused').gateway;
		const stitched = setup('stitched').gateway;
		const queries = [
			'{ repositoryGroups { name patterns repositoryCount error repositories { name github { owner } agentRuns { id } } } }',
			'{ repositories(group: "core") { name children { name } agentRuns { id repository { name } } } }',
			'{ agentRuns(group: "core") { id repository { name } } workflowRuns(group: "core") { id repository { name } } }',
			'{ repositories(group: "nope") { name } }',
			'{ repositories(group: "broken") { name } }',
		];
		for (const query of queries) {
			const [a, b] = await Promise.all([fused.execute({ query }), stitched.execute({ query })]);
			assert.deepEqual(plain(a.data), plain(b.data), query);
			assert.deepEqual(
				a.errors?.map((e) => [e.message, e.extensions?.code]),
				b.errors?.map((e) => [e.message, e.extensions?.code]),
				query,
			);
		}
	});
});
