import { strict as assert } from 'node:assert';
import type { ExecutionResult } from 'graphql';
import { SourceError } from '../../../src/schema/contracts/sourceError';
import { Gateway, type SubscriptionResult } from '../../../src/schema/gateway';
import { UnavailableAgentRuns, UnavailableWorkflows } from '../../../src/schema/unavailableSources';
import { MemoryRepos, MemoryWorkflows, repoState, workflowRun } from '../../support/graph/memorySources';

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function setup(execution: 'fused' | 'stitched') {
	const repos = new MemoryRepos([repoState('/w/meta'), repoState('/w/meta/api', { kind: 'SUBMODULE', parentPath: '/w/meta' })]);
	const workflows = new MemoryWorkflows(new Map([['/w/meta/api', { repositoryPath: '/w/meta/api', owner: 'acme', name: 'api', defaultBranch: 'main', url: 'https://github.com/acme/api', error: null }]]), [
		workflowRun('/w/meta/api', { id: '11', status: 'COMPLETED', conclusion: 'FAILURE' }),
	]);
	workflows.workflowFiles.set('/w/meta/api', [{ id: '5', name: 'Deploy', path: '.github/workflows/deploy.yml', state: 'ACTIVE', url: null, repositoryPath: '/w/meta/api' }]);
	workflows.inputs.set('/w/meta/api .github/workflows/deploy.yml', [{ name: 'dry_run', type: 'BOOLEAN', description: null, required: false, default: 'true', options: null }]);
	workflows.jobsByRun.set('11', [{ id: '90', name: 'test', status: 'COMPLETED', conclusion: 'FAILURE', startedAt: null, completedAt: null, url: null, steps: [{ number: 1, name: 'mocha', status: 'COMPLETED', conclusion: 'FAILURE', startedAt: null, completedAt: null }] }]);
	const gateway = new Gateway({ repos, workflows, agentRuns: new UnavailableAgentRuns('-'), execution });
	return { workflows, gateway };
}

for (const execution of ['fused', 'stitched'] as const) {
	describe(`workflows subschema (${execution} execution)`, () => {
		it('reads workflows with their dispatch inputs, and runs with their jobs and steps', async () => {
			const { gateway } = setup(execution);
			const result = await gateway.execute({
				query: `{ repository(path: "/w/meta/api") { github { error workflows { name path state dispatchInputs { name type default } } runs(first: 1) { id jobs { name conclusion steps { number name conclusion } } } } } }`,
			});
			assert.equal(result.errors, undefined, JSON.stringify(result.errors));
			assert.deepEqual(plain(result.data), {
				repository: {
					github: {
						error: null,
						workflows: [{ name: 'Deploy', path: '.github/workflows/deploy.yml', state: 'ACTIVE', dispatchInputs: [{ name: 'dry_run', type: 'BOOLEAN', default: 'true' }] }],
						runs: [{ id: '11', jobs: [{ name: 'test', conclusion: 'FAILURE', steps: [{ number: 1, name: 'mocha', conclusion: 'FAILURE' }] }] }],
					},
				},
			});
			gateway.dispose();
		});

		it('runs the mutations, resolving repositories back to the repos domain', async () => {
			const { gateway, workflows } = setup(execution);
			const result = await gateway.execute({
				query: `mutation {
					dispatchWorkflow(repository: "/w/meta/api", workflow: "deploy.yml", ref: "main", inputs: [{ name: "dry_run", value: "false" }]) { workflow ref run { id } repository { path kind } }
					rerunWorkflowRun(repository: "/w/meta/api", runId: "11", failedOnly: true) { id status repository { kind } }
				}`,
			});
			assert.equal(result.errors, undefined, JSON.stringify(result.errors));
			assert.deepEqual(plain(result.data), {
				dispatchWorkflow: { workflow: 'deploy.yml', ref: 'main', run: null, repository: { path: '/w/meta/api', kind: 'SUBMODULE' } },
				rerunWorkflowRun: { id: '11', status: 'QUEUED', repository: { kind: 'SUBMODULE' } },
			});
			assert.deepEqual(workflows.dispatched, [{ repositoryPath: '/w/meta/api', request: { workflow: 'deploy.yml', ref: 'main', inputs: { dry_run: 'false' } } }]);
			const twice = await gateway.execute({ query: 'mutation { dispatchWorkflow(repository: "/w/meta/api", workflow: "x", inputs: [{ name: "a", value: "1" }, { name: "a", value: "2" }]) { ref } }' });
			assert.equal(twice.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
			gateway.dispose();
		});

		it('filters workflowRunUpdated by repository', async () => {
			const { gateway, workflows } = setup(execution);
			const sub = (await gateway.subscribe({ query: 'subscription { workflowRunUpdated(repository: "/w/meta/api") { id status } }' })) as SubscriptionResult;
			workflows.fire(workflowRun('/w/meta', { id: '1' }));
			workflows.fire(workflowRun('/w/meta/api', { id: '2', status: 'IN_PROGRESS', conclusion: null }));
			const next = await sub.next();
			assert.deepEqual(plain((next.value as ExecutionResult).data), { workflowRunUpdated: { id: '2', status: 'IN_PROGRESS' } });
			await sub.return?.();
			gateway.dispose();
		});
	});
}

describe('workflows subschema errors', () => {
	/** A source whose every GitHub call fails with `err`. */
	const failing = (err: unknown) => {
		const source = setup('fused').workflows;
		source.workflows = async () => {
			throw err;
		};
		return new Gateway({ repos: new MemoryRepos([repoState('/w/meta/api')]), workflows: source, agentRuns: new UnavailableAgentRuns('-') });
	};
	const codeOf = async (err: unknown) => {
		const gateway = failing(err);
		const result = await gateway.execute({ query: '{ repository(path: "/w/meta/api") { github { workflows { id } } } }' });
		gateway.dispose();
		return { code: result.errors?.[0].extensions?.code, message: result.errors?.[0].message };
	};

	it("passes a source's code through unchanged, and reports anything else as INTERNAL, with no token in the message", async () => {
		const token = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
		assert.deepEqual(await codeOf(new SourceError('GITHUB', 'RATE_LIMITED', `limited with ${token}`)), { code: 'RATE_LIMITED', message: 'limited with [REDACTED]' });
		assert.deepEqual(await codeOf(new SourceError('GITHUB', 'WORKFLOW_FILE_INVALID', 'deploy.yml is not valid YAML')), { code: 'WORKFLOW_FILE_INVALID', message: 'deploy.yml is not valid YAML' });
		assert.deepEqual(await codeOf(new Error(`boom ${token}`)), { code: 'INTERNAL', message: 'boom [REDACTED]' });
	});

	it('answers githubStatus and refuses writes when GitHub is not connected', async () => {
		const gateway = new Gateway({ repos: new MemoryRepos([repoState('/w/a')]), workflows: new UnavailableWorkflows('GitHub is not connected.'), agentRuns: new UnavailableAgentRuns('-') });
		const status = await gateway.execute({ query: '{ githubStatus { available code reason stale paused rateLimits { resource } } }' });
		assert.deepEqual(plain(status.data), { githubStatus: { available: false, code: 'SIGNED_OUT', reason: 'GitHub is not connected.', stale: null, paused: false, rateLimits: [] } });
		const write = await gateway.execute({ query: 'mutation { cancelWorkflowRun(repository: "/w/a", runId: "1") { id } }' });
		assert.deepEqual([write.errors?.[0].extensions?.code, write.errors?.[0].extensions?.domain, write.errors?.[0].message], ['SIGNED_OUT', 'GITHUB', 'GitHub is not connected.']);
		gateway.dispose();
	});
});
