import { strict as assert } from 'node:assert';
import type { ExecutionResult } from 'graphql';
import { Emitter } from '../../../src/common/event';
import { Gateway, SubscriptionResult } from '../../../src/schema/gateway';
import { UnavailableWorkflows } from '../../../src/schema/unavailableSources';
import { SwitchableWorkflows } from '../../../src/schema/workflows/switchableWorkflows';
import { MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState, workflowRun } from '../../support/graph/memorySources';

const UNTRUSTED = 'GitHub is read only in a trusted workspace.';

function isIterator(r: SubscriptionResult | ExecutionResult): r is SubscriptionResult {
	return Symbol.asyncIterator in r;
}

/** A GitHub stand-in that, like the model, says when its availability changes. */
class StatusWorkflows extends MemoryWorkflows {
	readonly statusChanged = new Emitter<void>();
	readonly onDidChangeStatus = this.statusChanged.event;
}

function setup(execution: 'fused' | 'stitched') {
	const repos = new MemoryRepos([repoState('/w/meta'), repoState('/w/meta/api', { kind: 'SUBMODULE', parentPath: '/w/meta' })]);
	const github = new StatusWorkflows(
		new Map([['/w/meta/api', { repositoryPath: '/w/meta/api', owner: 'acme', name: 'api', defaultBranch: 'main', url: 'https://github.com/acme/api' }]]),
		[workflowRun('/w/meta/api', { id: '11', runNumber: 7, status: 'IN_PROGRESS', conclusion: null })],
	);
	const source = new SwitchableWorkflows(new UnavailableWorkflows(UNTRUSTED));
	const gateway = new Gateway({ repos, workflows: source, agentRuns: new MemoryAgentRuns([]), execution });
	return { github, source, gateway };
}

for (const execution of ['fused', 'stitched'] as const) {
	describe(`SwitchableWorkflows (${execution} execution)`, () => {
		it('answers as the unavailable source until GitHub is plugged in, then as GitHub, on the same graph', async () => {
			const { github, source, gateway } = setup(execution);
			const query = '{ githubStatus { available reason } workflowRuns { id } repositories { name github { owner } } }';
			const before = await gateway.execute({ query });
			assert.equal(JSON.stringify((before.data as { githubStatus: unknown }).githubStatus), JSON.stringify({ available: false, reason: UNTRUSTED }));
			assert.ok(before.errors?.some((e) => e.message === UNTRUSTED), JSON.stringify(before.errors));

			source.use(github);
			assert.equal(source.current, github);
			const after = await gateway.execute({ query });
			assert.equal(after.errors, undefined, JSON.stringify(after.errors));
			assert.deepEqual(JSON.parse(JSON.stringify(after.data)), {
				githubStatus: { available: true, reason: null },
				workflowRuns: [{ id: '11' }],
				repositories: [
					{ name: 'meta', github: null },
					{ name: 'api', github: { owner: 'acme' } },
				],
			});
			gateway.dispose();
		});

		it('refuses the run subscription while unavailable, and a subscription made after the swap gets GitHub events', async () => {
			const { github, source, gateway } = setup(execution);
			const refused = await gateway.subscribe({ query: 'subscription { workflowRunUpdated { id status } }' });
			assert.ok(!isIterator(refused));
			assert.equal(refused.errors?.[0]?.message, UNTRUSTED);

			source.use(github);
			const sub = await gateway.subscribe({ query: 'subscription { workflowRunUpdated { id status } }' });
			assert.ok(isIterator(sub), JSON.stringify(sub));
			const next = sub.next();
			github.fire(workflowRun('/w/meta/api', { id: '11', status: 'COMPLETED' }));
			const event = await next;
			assert.deepEqual(JSON.parse(JSON.stringify(event.value)), { data: { workflowRunUpdated: { id: '11', status: 'COMPLETED' } } });
			await sub.return?.();
			assert.equal(gateway.activeSubscriptions, 0);
			gateway.dispose();
		});

		it('keeps a running subscription across a swap: it then carries the new source\'s events', async () => {
			const { github, source, gateway } = setup(execution);
			const first = new MemoryWorkflows(new Map(), []);
			source.use(first);
			const sub = await gateway.subscribe({ query: 'subscription { workflowRunUpdated { id } }' });
			assert.ok(isIterator(sub), JSON.stringify(sub));
			source.use(github);
			const next = sub.next();
			first.fire(workflowRun('/w/meta/api', { id: 'old' }));
			github.fire(workflowRun('/w/meta/api', { id: 'new' }));
			assert.deepEqual(JSON.parse(JSON.stringify((await next).value)), { data: { workflowRunUpdated: { id: 'new' } } });
			await sub.return?.();
			gateway.dispose();
		});
	});
}

describe('SwitchableWorkflows', () => {
	it('fires onDidChangeStatus when the source is swapped and when the current one reports a change', () => {
		const first = new StatusWorkflows(new Map(), []);
		const second = new StatusWorkflows(new Map(), []);
		const source = new SwitchableWorkflows(first);
		let fired = 0;
		source.onDidChangeStatus(() => fired++);
		first.statusChanged.fire();
		assert.equal(fired, 1);
		source.use(second);
		assert.equal(fired, 2, 'swapping is a status change: faces read again');
		source.use(second);
		assert.equal(fired, 2, 'using the current source again changes nothing');
		first.statusChanged.fire();
		assert.equal(fired, 2, 'the replaced source is no longer followed');
		second.statusChanged.fire();
		assert.equal(fired, 3);
	});

	it('forwards runs of the current source only, and stops listening when disposed', () => {
		const first = new StatusWorkflows(new Map(), []);
		const second = new StatusWorkflows(new Map(), []);
		const source = new SwitchableWorkflows(first);
		const seen: string[] = [];
		source.onDidChangeRun((run) => seen.push(run.id));
		first.fire(workflowRun('/a', { id: 'a' }));
		source.use(second);
		first.fire(workflowRun('/a', { id: 'stale' }));
		second.fire(workflowRun('/b', { id: 'b' }));
		assert.deepEqual(seen, ['a', 'b']);
		source.dispose();
		second.fire(workflowRun('/b', { id: 'after' }));
		assert.deepEqual(seen, ['a', 'b']);
		assert.equal(second.statusChanged.listenerCount, 0, 'no listener is left on the source it forwarded');
		source.use(first);
		assert.equal(source.current, second, 'a disposed source no longer switches');
	});

	it('forwards calls with their arguments to the current source', async () => {
		const github = new MemoryWorkflows(new Map(), [workflowRun('/w', { id: '5' })]);
		const source = new SwitchableWorkflows(new UnavailableWorkflows('off'));
		assert.equal(source.unavailableReason, 'off');
		await assert.rejects(source.dispatch('/w', { workflow: 'ci.yml' }), /off/);
		source.use(github);
		assert.equal(source.unavailableReason, null);
		await source.dispatch('/w', { workflow: 'ci.yml', ref: 'main' });
		assert.deepEqual(github.dispatched, [{ repositoryPath: '/w', request: { workflow: 'ci.yml', ref: 'main' } }]);
		assert.equal((await source.cancelRun('/w', '5')).conclusion, 'CANCELLED');
		assert.deepEqual(source.recentRuns(5).map((r) => r.id), ['5']);
	});
});
