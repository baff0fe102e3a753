import { strict as assert } from 'node:assert';
import { BridgeHost } from '../../../src/protocol/bridgeHost';
import { HostToWebview, PROTOCOL_VERSION } from '../../../src/protocol/messages';
import { Gateway } from '../../../src/schema/gateway';
import { MemoryChannel } from '../../support/graph/memoryChannel';
import { agentRun, MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState } from '../../support/graph/memorySources';
import { waitUntil } from '../../support/waitUntil';

function setup() {
	const repos = new MemoryRepos([repoState('/w/a'), repoState('/w/b')]);
	const gateway = new Gateway({ repos, workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([agentRun('/w/a')]) });
	const channel = new MemoryChannel();
	const bridge = new BridgeHost(gateway, channel.host);
	return { repos, gateway, channel, bridge };
}

const malformed = (i: number): unknown => {
	const shapes: unknown[] = [
		null,
		i,
		`text ${i}`,
		[i],
		{},
		{ type: 'operation' },
		{ type: 'operation', id: `m${i}`, kind: 'query' },
		{ type: 'operation', id: `m${i}`, kind: 'upload', query: '{ health { status } }' },
		{ type: 'operation', id: `m${i}`, kind: 'query', query: '{ health { status } }', variables: 'x' },
		{ type: 'stop' },
		{ type: 'ready', protocol: -i },
		{ type: { nested: true } },
		{ type: 'operation', id: { toString: null }, kind: 'query', query: 'x' },
	];
	return shapes[i % shapes.length];
};

describe('BridgeHost', () => {
	it('says each time a page loads, after its hello, so the host can tell a reloaded page where to go', async () => {
		const { channel, bridge } = setup();
		// What the dashboard panel does: a page that loads again is told the page asked for meanwhile.
		bridge.onDidBecomeReady(() => bridge.send({ type: 'navigate', page: 'pipelines' }));
		bridge.send({ type: 'navigate', page: 'agents' });
		channel.sendRaw({ type: 'ready', protocol: PROTOCOL_VERSION });
		await channel.waitFor((m) => m.type === 'navigate');
		// A hidden panel's page torn down and shown again loads anew.
		channel.sendRaw({ type: 'ready', protocol: PROTOCOL_VERSION });
		await channel.waitFor(() => channel.received.filter((m) => m.type === 'navigate').length === 2);
		assert.deepEqual(
			channel.received.map((m) => (m.type === 'navigate' ? `navigate ${m.page}` : m.type)),
			['hello', 'navigate pipelines', 'hello', 'navigate pipelines'],
			'nothing before the first ready; each load gets its hello first',
		);
		bridge.dispose();
	});

	it('answers 1,000 malformed messages with errors and keeps serving', async () => {
		const { channel, bridge } = setup();
		channel.sendRaw({ type: 'ready', protocol: PROTOCOL_VERSION });
		await channel.waitFor((m) => m.type === 'hello');
		for (let i = 0; i < 1000; i++) {
			channel.sendRaw(malformed(i));
		}
		await channel.waitFor(() => channel.received.filter((m) => m.type === 'protocolError').length === 1000);
		assert.equal(channel.received.filter((m) => m.type === 'protocolError').length, 1000);
		channel.sendRaw({ type: 'operation', id: 'good', kind: 'query', query: '{ repositories { name } }' });
		const reply = await channel.waitFor((m) => m.type === 'result' && m.id === 'good');
		assert.deepEqual(reply, { type: 'result', id: 'good', result: { data: { repositories: [{ name: 'a' }, { name: 'b' }] } } });
		assert.equal(bridge.activeOperations, 0);
		bridge.dispose();
	});

	it('refuses operations before the ready handshake', async () => {
		const { channel, bridge } = setup();
		channel.sendRaw({ type: 'operation', id: 'early', kind: 'query', query: '{ health { status } }' });
		const reply = await channel.waitFor((m) => m.type === 'protocolError');
		assert.deepEqual(reply, { type: 'protocolError', id: 'early', message: 'Send "ready" before any operation.' });
		bridge.dispose();
	});

	it('streams a subscription and stops the host-side iterator when the webview tears it down', async () => {
		const { channel, bridge, repos, gateway } = setup();
		// The graph's own listeners (its flows follow every repository): only the subscriptions' count here.
		const base = repos.listenerCount;
		channel.sendRaw({ type: 'ready', protocol: PROTOCOL_VERSION });
		channel.sendRaw({ type: 'operation', id: 's1', kind: 'subscription', query: 'subscription { repositoryChanged { name isDirty } }' });
		await waitUntil(() => repos.listenerCount === base + 1);
		repos.update(repoState('/w/b', { stashes: 1, changes: [{ path: 'x', originalPath: null, indexStatus: 'ADDED', worktreeStatus: 'UNMODIFIED', conflicted: false }] }));
		const event = await channel.waitFor((m) => m.type === 'result' && m.id === 's1');
		assert.deepEqual((event as Extract<HostToWebview, { type: 'result' }>).result, { data: { repositoryChanged: { name: 'b', isDirty: true } } });
		channel.sendRaw({ type: 'stop', id: 's1' });
		await waitUntil(() => repos.listenerCount === base);
		assert.equal(bridge.activeOperations, 0);
		assert.equal(gateway.activeSubscriptions, 0);
		bridge.dispose();
	});

	it('stops every subscription when disposed or when the page reloads', async () => {
		const { channel, bridge, repos } = setup();
		// The graph's own listeners (its flows follow every repository): only the subscriptions' count here.
		const base = repos.listenerCount;
		channel.sendRaw({ type: 'ready', protocol: PROTOCOL_VERSION });
		channel.sendRaw({ type: 'operation', id: 'a', kind: 'subscription', query: 'subscription { repositoryChanged { name } }' });
		channel.sendRaw({ type: 'operation', id: 'b', kind: 'subscription', query: 'subscription { repositoryChanged { path } }' });
		await waitUntil(() => repos.listenerCount === base + 2);
		// A reloaded page says ready again: what the old page subscribed to is gone.
		channel.sendRaw({ type: 'ready', protocol: PROTOCOL_VERSION });
		await waitUntil(() => repos.listenerCount === base);
		channel.sendRaw({ type: 'operation', id: 'c', kind: 'subscription', query: 'subscription { repositoryChanged { name } }' });
		await waitUntil(() => repos.listenerCount === base + 1);
		bridge.dispose();
		await waitUntil(() => repos.listenerCount === base);
		assert.equal(bridge.activeOperations, 0);
	});

	it('answers an invalid subscription with errors and completes it', async () => {
		const { channel, bridge } = setup();
		channel.sendRaw({ type: 'ready', protocol: PROTOCOL_VERSION });
		channel.sendRaw({ type: 'operation', id: 'bad', kind: 'subscription', query: 'subscription { nope }' });
		await channel.waitFor((m) => m.type === 'complete' && m.id === 'bad');
		const result = channel.received.find((m) => m.type === 'result' && m.id === 'bad') as Extract<HostToWebview, { type: 'result' }>;
		assert.match(result.result.errors?.[0].message ?? '', /Cannot query field "nope"/);
		bridge.dispose();
	});
});

describe('BridgeHost: dashboard actions and navigation', () => {
	it('hands a valid action to the host, refuses one beyond Meta GOTHIC, and posts navigate only after ready', async () => {
		const repos = new MemoryRepos([repoState('/w/a')]);
		const gateway = new Gateway({ repos, workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([]) });
		const channel = new MemoryChannel();
		const actions: unknown[] = [];
		const bridge = new BridgeHost(gateway, channel.host, (a) => actions.push(a));
		bridge.send({ type: 'navigate', page: 'changes' });
		channel.sendRaw({ type: 'ready', protocol: PROTOCOL_VERSION });
		await channel.waitFor((m) => m.type === 'hello');
		bridge.send({ type: 'navigate', page: 'pipelines', filter: 'failing' });
		channel.sendRaw({ type: 'action', action: { kind: 'command', command: 'workbench.action.reloadWindow', args: [] } });
		channel.sendRaw({ type: 'action', action: { kind: 'openTerminal', repository: '/w/a' } });
		await channel.waitFor((m) => m.type === 'protocolError');
		await waitUntil(() => actions.length === 1);
		assert.deepEqual(actions, [{ kind: 'openTerminal', repository: '/w/a' }]);
		assert.deepEqual(
			channel.received.filter((m) => m.type === 'navigate'),
			[{ type: 'navigate', page: 'pipelines', filter: 'failing' }],
			'the navigate sent before ready is dropped: the page reads its first page from its HTML',
		);
		bridge.dispose();
		gateway.dispose();
	});
});
