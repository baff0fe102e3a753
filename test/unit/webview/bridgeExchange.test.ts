import { strict as assert } from 'node:assert';
import { Client } from '@urql/core';
import { pipe, subscribe } from 'wonka';
import { BridgeHost } from '../../../src/protocol/bridgeHost';
import { Gateway } from '../../../src/schema/gateway';
import { BridgeClient } from '../../../src/webview/bridge/bridgeClient';
import { bridgeExchange } from '../../../src/webview/bridge/bridgeExchange';
import { OverviewQuery, RepositoryChangedSubscription } from '../../../src/webview/queries';
import { MemoryChannel } from '../../support/graph/memoryChannel';
import { MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState } from '../../support/graph/memorySources';
import { waitUntil } from '../../support/waitUntil';

function setup() {
	const repos = new MemoryRepos([repoState('/w/meta'), repoState('/w/meta/lib', { kind: 'SUBMODULE', parentPath: '/w/meta', behind: 3 })]);
	const gateway = new Gateway({ repos, workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([]) });
	const channel = new MemoryChannel();
	const host = new BridgeHost(gateway, channel.host);
	const bridge = new BridgeClient(channel.webview);
	const client = new Client({ url: 'meta-gothic:graph', exchanges: [bridgeExchange(bridge)], requestPolicy: 'network-only' });
	return { repos, gateway, host, client };
}

describe('urql over the bridge', () => {
	it('runs the dashboard query with a plain urql client', async () => {
		const { client, host } = setup();
		const result = await client.query(OverviewQuery, {}).toPromise();
		assert.equal(result.error, undefined);
		assert.deepEqual(result.data?.repositories.map((r) => [r.name, r.kind, r.behind]), [['meta', 'ROOT', 0], ['lib', 'SUBMODULE', 3]]);
		assert.equal(result.data?.health.summary, '2 repositories · 0 dirty');
		host.dispose();
	});

	it('surfaces GraphQL errors as a CombinedError', async () => {
		const { client, host } = setup();
		const result = await client.query('{ repository(path: 5) { name } }', {}).toPromise();
		assert.match(result.error?.message ?? '', /String cannot represent a non string value/);
		host.dispose();
	});

	it('delivers subscription events and stops the host iterator on unsubscribe', async () => {
		const { client, host, repos, gateway } = setup();
		// The graph's own listeners (its flows follow every repository): only the subscriptions' count here.
		const base = repos.listenerCount;
		const seen: unknown[] = [];
		const { unsubscribe } = pipe(
			client.subscription(RepositoryChangedSubscription, {}),
			subscribe((r) => seen.push(r.data)),
		);
		await waitUntil(() => repos.listenerCount === base + 1);
		repos.update(repoState('/w/meta/lib', { kind: 'SUBMODULE', parentPath: '/w/meta', changes: [{ path: 'a', originalPath: null, indexStatus: 'UNMODIFIED', worktreeStatus: 'DELETED', conflicted: false }] }));
		await waitUntil(() => seen.length === 1);
		assert.deepEqual(seen, [{ repositoryChanged: { path: '/w/meta/lib', isDirty: true } }]);
		unsubscribe();
		await waitUntil(() => repos.listenerCount === base);
		assert.equal(gateway.activeSubscriptions, 0);
		assert.equal(host.activeOperations, 0);
		host.dispose();
	});
});
