/**
 * Fuzz test of the host bridge: 10,000 random and malformed messages into a live BridgeHost over a
 * real Gateway. No exception escapes the message handler; every request is answered (a result
 * and `complete`, or a `protocolError` carrying its id when it had a readable one) unless the page
 * itself tore it down; and the host still answers a valid query afterwards.
 */
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import fc from 'fast-check';
import type { IDisposable } from '../../../src/common/lifecycle';
import { BridgeHost, type MessageChannel } from '../../../src/protocol/bridgeHost';
import { type HostToWebview, PROTOCOL_VERSION } from '../../../src/protocol/messages';
import { Gateway } from '../../../src/schema/gateway';
import { agentRun, MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState } from '../../support/graph/memorySources';
import { waitUntil } from '../../support/waitUntil';

const MESSAGES = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** What the host must do with a message: reply with an error carrying `m<i>` or null, run it, or stay silent. */
type Expect = 'error-id' | 'error-null' | 'operation' | 'stop' | 'action' | 'ready';
interface Template {
	expect: Expect;
	/** Builds the message with its unique id and a pick among earlier indices (what a stop targets). */
	make(id: string, earlier: number): unknown;
}

/** A channel that structured-clones and delivers asynchronously like postMessage, and records what escapes the handler. */
class FuzzChannel {
	readonly received: HostToWebview[] = [];
	readonly escaped: unknown[] = [];
	private listener: ((raw: unknown) => void) | undefined;
	readonly host: MessageChannel = {
		post: (message) => {
			this.received.push(structuredClone(message));
		},
		onMessage: (listener): IDisposable => {
			this.listener = listener;
			return { dispose: () => (this.listener = undefined) };
		},
	};

	send(raw: unknown): void {
		const copy = structuredClone(raw);
		setImmediate(() => {
			try {
				this.listener?.(copy);
			} catch (err) {
				this.escaped.push(err);
			}
		});
	}
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const cyclic = (): unknown => {
	const o: Record<string, unknown> = { a: 1 };
	o.self = o;
	return o;
};
/** Values no page sends but a hostile one could: a BigInt, a cycle, an object `String` cannot print. */
const odd = fc.constantFrom<() => unknown>(() => 10n, cyclic, () => ({ toString: 1 }), () => ({ toString: null, valueOf: null }), () => [[[[]]]]);
const oddValue = odd.map((f) => f());
const readableId = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 64;
const badId = fc.oneof(fc.integer(), fc.constant(''), fc.string({ minLength: 65, maxLength: 70 }), fc.jsonValue().filter((v) => !readableId(v)), oddValue);
const query = fc.oneof(
	fc.constantFrom(
		'{ repositories { name } }',
		'{ health { status } }',
		'{ __typename }',
		'subscription { repositoryChanged { name } }',
		'subscription { nope }',
		'{ nope }',
		'mutation { nope }',
		'query Q($a: Int) { repositories { name } }',
		'query Q { repositories { name ...F } }',
		'{',
		'fragment F on Repository { name }',
		'{ a: repositories { name } b: repositories { path } }',
	),
	fc.string({ minLength: 1, maxLength: 60 }),
);
const kind = fc.constantFrom('query', 'mutation', 'subscription');
const variables = fc.option(fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddValue), { maxKeys: 3 }), { nil: undefined });
const operationName = fc.option(fc.constantFrom('Q', 'Nope', ''), { nil: undefined });

const validOperation: fc.Arbitrary<Template> = fc.record({ kind, query, variables, operationName }).map((fields) => ({
	expect: 'operation',
	make: (id) => ({ type: 'operation', id, ...fields }),
}));
/** An operation with exactly one field wrong. */
const invalidOperation: fc.Arbitrary<Template> = fc
	.tuple(
		fc.record({ kind, query, variables, operationName }),
		fc.oneof(
			fc.record({ kind: fc.oneof(fc.string().filter((k) => !['query', 'mutation', 'subscription'].includes(k)), fc.jsonValue().filter((k) => typeof k !== 'string'), oddValue) }),
			fc.record({ query: fc.oneof(fc.constant(''), fc.constant('x'.repeat(100_001)), fc.integer(), fc.jsonValue().filter((q) => typeof q !== 'string'), oddValue) }),
			fc.record({ variables: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 2 }), fc.string(), fc.integer(), fc.boolean()) }),
			fc.record({ operationName: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), oddValue) }),
		),
	)
	.map(([fields, wrong]) => ({ expect: 'error-id', make: (id) => ({ type: 'operation', id, ...fields, ...wrong }) }));
const validAction = fc.constantFrom(
	{ kind: 'openDiff', repository: '/w/a', path: 'x', staged: true },
	{ kind: 'openUrl', url: 'https://github.com/o/r/actions/runs/1' },
	{ kind: 'revealRepository', repository: '/w/a' },
	{ kind: 'openTerminal', repository: '/w/b' },
	{ kind: 'command', command: 'metaGothic.refresh', args: ['a'] },
);
const invalidAction = fc.oneof(
	fc.jsonValue().filter((v) => !(isRecord(v) && 'kind' in v)),
	oddValue,
	fc.constantFrom(
		{ kind: 'openUrl', url: 'file:///etc/passwd' },
		{ kind: 'openUrl', url: 'command:workbench.action.reloadWindow' },
		{ kind: 'command', command: 'workbench.action.reloadWindow', args: [] },
		{ kind: 'command', command: 'metaGothic.refresh', args: Array.from({ length: 9 }, () => 'a') },
		{ kind: 'command', command: 'metaGothic.refresh', args: [1] },
		{ kind: 'openDiff', repository: '/w/a', path: 'x', staged: 'yes' },
		{ kind: 'openTerminal', repository: '' },
		{ kind: 'revealRepository', repository: 'x'.repeat(4097) },
	),
);
const unknownType = fc.oneof(fc.jsonValue().filter((t) => !['ready', 'operation', 'stop', 'action'].includes(t as string)), oddValue, fc.constantFrom('READY', 'hello', 'result', 'operation ', ''));

const template: fc.Arbitrary<Template> = fc.oneof(
	{ weight: 30, arbitrary: validOperation },
	{ weight: 15, arbitrary: invalidOperation },
	{ weight: 8, arbitrary: unknownType.map((type): Template => ({ expect: 'error-id', make: (id) => ({ type, id }) })) },
	{ weight: 5, arbitrary: fc.oneof(fc.jsonValue().filter((p) => p !== PROTOCOL_VERSION), oddValue).map((protocol): Template => ({ expect: 'error-id', make: (id) => ({ type: 'ready', id, protocol }) })) },
	{ weight: 5, arbitrary: invalidAction.map((action): Template => ({ expect: 'error-id', make: (id) => ({ type: 'action', id, action }) })) },
	{ weight: 5, arbitrary: validAction.map((action): Template => ({ expect: 'action', make: (id) => ({ type: 'action', id, action }) })) },
	{ weight: 8, arbitrary: fc.constant<Template>({ expect: 'stop', make: (_id, earlier) => ({ type: 'stop', id: `m${earlier}` }) }) },
	{
		weight: 12,
		arbitrary: fc
			.oneof(
				fc.jsonValue().filter((v) => !isRecord(v)),
				oddValue.filter((v) => !isRecord(v)),
				fc.tuple(badId, fc.constantFrom('operation', 'stop', 'nope')).map(([id, type]) => ({ type, id, kind: 'query', query: '{ __typename }' })),
			)
			.map((raw): Template => ({ expect: 'error-null', make: () => raw })),
	},
	{ weight: 1, arbitrary: fc.constant<Template>({ expect: 'ready', make: () => ({ type: 'ready', protocol: PROTOCOL_VERSION }) }) },
);

describe('BridgeHost fuzz', () => {
	it(`answers ${MESSAGES.toLocaleString('en')} random and malformed messages and keeps serving`, async function () {
		this.timeout(120_000);
		const repos = new MemoryRepos([repoState('/w/a'), repoState('/w/b')]);
		const gateway = new Gateway({ repos, workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([agentRun('/w/a')]) });
		const channel = new FuzzChannel();
		const actions: unknown[] = [];
		const bridge = new BridgeHost(gateway, channel.host, (a) => actions.push(a));
		try {
			const templates = fc.sample(fc.tuple(template, fc.nat()), { numRuns: MESSAGES, seed: SEED });
			const sent = templates.map(([t, pick], i) => ({ expect: t.expect, raw: t.make(`m${i}`, i === 0 ? 0 : pick % i) }));
			const counts = new Map<Expect, number>();
			for (const s of sent) {
				counts.set(s.expect, (counts.get(s.expect) ?? 0) + 1);
			}
			console.log(`      bridge fuzz: seed ${SEED}, ${MESSAGES} messages: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
			// Send in slices, so that operations overlap in flight but the slices' replies can settle.
			for (let start = 0; start < sent.length; start += 500) {
				for (const s of sent.slice(start, start + 500)) {
					channel.send(s.raw);
				}
				await new Promise((r) => setTimeout(r, 10));
			}
			// Settled: no reply for 200 ms (open subscriptions stay open; nothing else is pending).
			for (let seen = -1; seen !== channel.received.length; ) {
				seen = channel.received.length;
				await new Promise((r) => setTimeout(r, 200));
			}

			assert.deepEqual(channel.escaped, [], 'no exception escapes the message handler');
			const byId = new Map<string | null, HostToWebview[]>();
			for (const m of channel.received) {
				const id = 'id' in m ? m.id : null;
				byId.set(id, [...(byId.get(id) ?? []), m]);
			}
			/** Indices after which the page stopped operation `i` itself (a stop naming it, or a fresh `ready`). */
			const cancelledAfter = (i: number) => sent.slice(i + 1).some((s) => s.expect === 'ready' || (s.expect === 'stop' && (s.raw as { id: string }).id === `m${i}`));
			let unansweredCancelled = 0;
			sent.forEach((s, i) => {
				const replies = byId.get(`m${i}`) ?? [];
				switch (s.expect) {
					case 'error-id':
						assert.deepEqual(replies.map((r) => r.type), ['protocolError'], `message ${i} ${inspect(s.raw, { depth: 3 }).slice(0, 200)}`);
						break;
					case 'operation': {
						const types = replies.map((r) => r.type);
						const answered = (types.length === 1 && types[0] === 'protocolError') || (types.at(-1) === 'complete' && types.slice(0, -1).every((t) => t === 'result'));
						if (types.length === 0 && cancelledAfter(i)) {
							unansweredCancelled++;
							break;
						}
						const stillStreaming = types.every((t) => t === 'result') && (s.raw as { kind: string }).kind === 'subscription';
						assert.ok(answered || stillStreaming, `operation ${i} (${JSON.stringify((s.raw as { query: string }).query).slice(0, 80)}) got ${JSON.stringify(types)}`);
						break;
					}
					case 'action':
					case 'stop':
						// Fire and forget: no reply of their own (a stop's id is its target's).
						if (s.expect === 'action') {
							assert.deepEqual(replies, []);
						}
						break;
				}
			});
			assert.equal(byId.get(null)?.filter((m) => m.type === 'protocolError').length ?? 0, counts.get('error-null') ?? 0, 'every message without a readable id gets one protocolError with id null');
			assert.equal(channel.received.filter((m) => m.type === 'hello').length, counts.get('ready') ?? 0);
			assert.equal(actions.length, counts.get('action') ?? 0);
			console.log(`      bridge fuzz: ${channel.received.length} replies; ${unansweredCancelled} operations torn down by the page before their answer`);

			channel.send({ type: 'ready', protocol: PROTOCOL_VERSION });
			channel.send({ type: 'operation', id: 'after', kind: 'query', query: '{ repositories { name } }' });
			await waitUntil(() => channel.received.some((m) => m.type === 'complete' && m.id === 'after'));
			assert.deepEqual(channel.received.find((m) => m.type === 'result' && m.id === 'after'), { type: 'result', id: 'after', result: { data: { repositories: [{ name: 'a' }, { name: 'b' }] } } });
			assert.equal(bridge.activeOperations, 0, 'the fresh ready stopped every subscription');
		} finally {
			bridge.dispose();
			gateway.dispose();
		}
		await waitUntil(() => repos.listenerCount === 0);
	});
});
