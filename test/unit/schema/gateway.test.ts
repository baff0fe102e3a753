import { strict as assert } from 'node:assert';
import { ExecutionResult, introspectionFromSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { Gateway, SubscriptionResult } from '../../../src/schema/gateway';
import { agentRun, MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState, workflowRun } from '../../support/graph/memorySources';

/** graphql-js builds results with null prototypes; compare them as the JSON they become. */
function plain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function isIterator(r: SubscriptionResult | ExecutionResult): r is SubscriptionResult {
	return Symbol.asyncIterator in r;
}

function setup(execution: 'fused' | 'stitched') {
	const repos = new MemoryRepos([
		repoState('/w/meta'),
		repoState('/w/meta/api', { kind: 'SUBMODULE', parentPath: '/w/meta', ahead: 2 }),
		repoState('/w/meta/web', { kind: 'SUBMODULE', parentPath: '/w/meta' }),
	]);
	const workflows = new MemoryWorkflows(
		new Map([
			['/w/meta/api', { repositoryPath: '/w/meta/api', owner: 'acme', name: 'api', defaultBranch: 'main', url: 'https://github.com/acme/api' }],
			['/w/meta/web', { repositoryPath: '/w/meta/web', owner: 'acme', name: 'web', defaultBranch: 'trunk', url: 'https://github.com/acme/web' }],
		]),
		[
			workflowRun('/w/meta/api', { id: '11', runNumber: 7, status: 'IN_PROGRESS', conclusion: null, createdAt: '2026-01-02T00:00:00Z' }),
			workflowRun('/w/meta/web', { id: '12', runNumber: 3, conclusion: 'FAILURE', createdAt: '2026-01-03T00:00:00Z' }),
		],
	);
	const agentRuns = new MemoryAgentRuns([agentRun('/w/meta/web', { id: 'r1' }), agentRun('/w/meta/web', { id: 'r2', parentId: 'r1', status: 'FAILED', error: 'overloaded' })]);
	const gateway = new Gateway({ repos, workflows, agentRuns, execution });
	return { repos, workflows, agentRuns, gateway };
}

for (const execution of ['fused', 'stitched'] as const) {
describe(`Gateway (${execution} execution)`, () => {
	it('answers one query that touches every subschema, with merged Repository fields', async () => {
		const { gateway, workflows } = setup(execution);
		const result = await gateway.execute({
			query: `{
				repositories { name kind ahead github { owner name defaultBranch latestRun { runNumber status } } agentRuns { id status } }
				workflowRuns(first: 5) { id conclusion repository { name kind ahead } }
				agentRun(id: "r2") { error parent { id } repository { name github { owner } } }
				health { status summary }
			}`,
		});
		assert.equal(result.errors, undefined);
		const data = plain(result.data) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
		assert.deepEqual(
			data.repositories.map((r: { name: string; github: { owner: string } | null }) => [r.name, r.github?.owner ?? null]),
			[['meta', null], ['api', 'acme'], ['web', 'acme']],
		);
		assert.equal(data.repositories[1].github.latestRun.status, 'IN_PROGRESS');
		assert.deepEqual(data.repositories[2].agentRuns.map((r: { id: string }) => r.id), ['r1', 'r2']);
		// Runs come back newest first and resolve `repository` through the repos subschema.
		assert.deepEqual(data.workflowRuns.map((r: { id: string }) => r.id), ['12', '11']);
		assert.deepEqual(data.workflowRuns[0].repository, { name: 'web', kind: 'SUBMODULE', ahead: 0 });
		assert.deepEqual(data.agentRun, { error: 'overloaded', parent: { id: 'r1' }, repository: { name: 'web', github: { owner: 'acme' } } });
		assert.equal(data.health.status, 'ERROR', 'a failed pipeline makes the workspace unhealthy');
		// Three repositories' `github` fields were read with one batched lookup, not three.
		assert.equal(workflows.batchCalls, 1);
	});

	it('degrades an unavailable domain to errors on its own fields only', async () => {
		const { gateway, workflows } = setup(execution);
		workflows.unavailableReason = 'GitHub is not connected.';
		const result = await gateway.execute({ query: '{ repositories { name github { owner } } workflowRuns { id } }' });
		assert.deepEqual(
			plain(result.data as { repositories: unknown[] }).repositories,
			[{ name: 'meta', github: null }, { name: 'api', github: null }, { name: 'web', github: null }],
		);
		assert.equal((result.data as { workflowRuns: unknown }).workflowRuns, null);
		assert.ok(result.errors?.length);
		assert.ok(result.errors.every((e) => e.message === 'GitHub is not connected.' && e.extensions?.code === 'SIGNED_OUT' && e.extensions?.domain === 'GITHUB'));
	});

	it('delivers subscription events through the stitch and releases the listener on teardown', async () => {
		const { gateway, repos } = setup(execution);
		// The graph's own listeners (its flows follow every repository): only the subscriptions' count here.
		const base = repos.listenerCount;
		const sub = await gateway.subscribe({ query: 'subscription { repositoryChanged { name isDirty github { owner } } }' });
		assert.ok(isIterator(sub));
		assert.equal(repos.listenerCount, base + 1);
		assert.equal(gateway.activeSubscriptions, 1);
		const next = sub.next();
		repos.update(repoState('/w/meta/api', { kind: 'SUBMODULE', parentPath: '/w/meta', changes: [{ path: 'a.ts', originalPath: null, indexStatus: 'UNMODIFIED', worktreeStatus: 'MODIFIED', conflicted: false }] }));
		const { value } = await next;
		assert.deepEqual(plain(value.data), { repositoryChanged: { name: 'api', isDirty: true, github: { owner: 'acme' } } });
		await sub.return?.();
		assert.equal(repos.listenerCount, base, 'no leaked listener');
		assert.equal(gateway.activeSubscriptions, 0, 'no leaked iterator');
	});

	it('ends every live subscription when disposed', async () => {
		const { gateway, agentRuns, repos } = setup(execution);
		const a = await gateway.subscribe({ query: 'subscription { agentRunEvents(id: "r1") { seq text } }' });
		const b = await gateway.subscribe({ query: 'subscription { repositoryChanged { path } }' });
		assert.ok(isIterator(a) && isIterator(b));
		assert.equal(agentRuns.eventListenerCount, 1);
		const pending = a.next();
		gateway.dispose();
		assert.deepEqual(await pending, { value: undefined, done: true });
		assert.equal(agentRuns.eventListenerCount, 0);
		assert.equal(repos.listenerCount, 0);
		assert.equal(gateway.activeSubscriptions, 0);
	});

	it('filters subscription events by argument', async () => {
		const { gateway, agentRuns } = setup(execution);
		const sub = await gateway.subscribe({ query: 'subscription { agentRunEvents(id: "r2") { runId seq text } }' });
		assert.ok(isIterator(sub));
		const next = sub.next();
		agentRuns.emit({ runId: 'r1', seq: 0, type: 'assistant', text: 'not this one', json: '{}', at: 0 });
		agentRuns.emit({ runId: 'r2', seq: 4, type: 'assistant', text: 'hello', json: '{}', at: 0 });
		assert.deepEqual(plain((await next).value.data), { agentRunEvents: { runId: 'r2', seq: 4, text: 'hello' } });
		await sub.return?.();
	});

	it('rejects documents past the operation limits before running them', async () => {
		const { gateway, repos } = setup(execution);
		const deep = `{ repositories { ${'parent { '.repeat(12)}path${' }'.repeat(12)} } }`;
		const aliases = `{ ${Array.from({ length: 51 }, (_, i) => `a${i}: health { status }`).join(' ')} }`;
		const costly = '{ workflowRuns(first: 100) { repository { github { runs(first: 100) { repository { children { path name branch } } } } } } }';
		for (const [query, code] of [[deep, 'OPERATION_TOO_DEEP'], [aliases, 'TOO_MANY_ALIASES'], [costly, 'OPERATION_TOO_COSTLY']]) {
			const result = await gateway.execute({ query });
			assert.equal(result.data, undefined);
			assert.equal(result.errors?.[0].extensions?.code, code, query.slice(0, 60));
		}
		assert.equal(repos.scans, 0);
	});

	it('answers bad requests with errors and never rejects', async () => {
		const { gateway } = setup(execution);
		const cases: unknown[] = [{}, { query: 42 }, { query: '{' }, { query: 'query A { health { status } } query B { health { status } }' }, { query: '{ health { status } }', operationName: 'Nope' }];
		for (const request of cases) {
			const result = await gateway.execute(request as never);
			assert.ok(result.errors?.length, JSON.stringify(request));
		}
		const sub = await gateway.subscribe({ query: '{ health { status } }' });
		assert.ok(!isIterator(sub) && sub.errors?.length);
	});
});
}

describe('Gateway execution modes', () => {
	it('answer the same data for the same operations', async () => {
		const queries = [
			'{ repositories { path name kind isDirty parent { name } children { name } github { owner latestRun { id repository { name } } runs(first: 2) { id } } agentRuns { id parent { id } } } }',
			'{ workflowRuns(first: 3) { id status conclusion repository { name kind github { name } agentRuns { id } } } health { status summary items { status message repositoryPath } } }',
			'{ agentRuns { id status costUsd repository { path ahead } } agentRun(id: "r2") { prompt events { seq } } repository(path: "/w/meta/api") { name behind } }',
		];
		const fused = setup('fused').gateway;
		const stitched = setup('stitched').gateway;
		for (const query of queries) {
			const [a, b] = await Promise.all([fused.execute({ query }), stitched.execute({ query })]);
			assert.equal(a.errors, undefined, query);
			assert.deepEqual(plain(a.data), plain(b.data), query);
		}
	});

	it('expose the same schema', () => {
		const { gateway } = setup('fused');
		// The fused schema is private; its SDL must equal the stitched one's for documents validated
		// against the stitch to be valid where they run.
		const fusedSchema = (gateway as unknown as { executionSchema: Parameters<typeof printSchema>[0] }).executionSchema;
		// Descriptions aside (the merge keeps the last subschema's), every type and field must match.
		const shape = (schema: Parameters<typeof printSchema>[0]) => introspectionFromSchema(lexicographicSortSchema(schema), { descriptions: false });
		assert.deepEqual(shape(fusedSchema), shape(gateway.schema));
	});
});
