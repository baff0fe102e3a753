import { strict as assert } from 'node:assert';
import { parseWebviewMessage, PROTOCOL_VERSION } from '../../../src/protocol/messages';

describe('parseWebviewMessage', () => {
	it('accepts each well-formed message', () => {
		assert.deepEqual(parseWebviewMessage({ type: 'ready', protocol: PROTOCOL_VERSION }), { ok: true, message: { type: 'ready', protocol: PROTOCOL_VERSION } });
		assert.deepEqual(parseWebviewMessage({ type: 'stop', id: 'op-1' }), { ok: true, message: { type: 'stop', id: 'op-1' } });
		assert.deepEqual(parseWebviewMessage({ type: 'operation', id: 'op-2', kind: 'query', query: '{ health { status } }', variables: { a: 1 }, operationName: 'A', extra: true }), {
			ok: true,
			message: { type: 'operation', id: 'op-2', kind: 'query', query: '{ health { status } }', variables: { a: 1 }, operationName: 'A' },
		});
	});

	it('rejects malformed messages with a reason, keeping the id when it can be read', () => {
		const cases: Array<[unknown, string | null, RegExp]> = [
			[null, null, /object/],
			['ready', null, /object/],
			[[1, 2], null, /object/],
			[{ type: 'ready', protocol: 99 }, null, /Protocol version 99/],
			[{ type: 'operation', id: 'x', kind: 'delete', query: '{a}' }, 'x', /kind/],
			[{ type: 'operation', id: 'x', kind: 'query' }, 'x', /query string/],
			[{ type: 'operation', id: 'x', kind: 'query', query: '{a}', variables: [1] }, 'x', /variables/],
			[{ type: 'operation', id: 'x', kind: 'query', query: '{a}', operationName: 5 }, 'x', /name/],
			[{ type: 'operation', id: 'y'.repeat(65), kind: 'query', query: '{a}' }, null, /id/],
			[{ type: 'stop' }, null, /id/],
			[{ type: 'launch' }, null, /Unknown message type "launch"/],
		];
		for (const [raw, id, reason] of cases) {
			const parsed = parseWebviewMessage(raw);
			assert.equal(parsed.ok, false, JSON.stringify(raw));
			if (!parsed.ok) {
				assert.equal(parsed.id, id);
				assert.match(parsed.error, reason);
			}
		}
	});
});

describe('parseWebviewMessage: dashboard actions', () => {
	it('accepts each action the dashboard asks of the host', () => {
		const actions = [
			{ kind: 'openDiff', repository: '/w/libs/a', path: 'src/x.ts', staged: true },
			{ kind: 'openUrl', url: 'https://github.com/o/r/actions/runs/1' },
			{ kind: 'openJobLog', repository: '/w/libs/a', jobId: '4201', jobName: 'build' },
			{ kind: 'revealRepository', repository: '/w/libs/a' },
			{ kind: 'openTerminal', repository: '/w/libs/a' },
			{ kind: 'command', command: 'metaGothic.agent.start', args: ['/w/libs/a'] },
		];
		for (const action of actions) {
			assert.deepEqual(parseWebviewMessage({ type: 'action', action, extra: 1 }), { ok: true, message: { type: 'action', action } });
		}
	});

	it('refuses an action that would reach beyond Meta GOTHIC or the web', () => {
		const refused = [
			{ kind: 'command', command: 'workbench.action.terminal.sendSequence', args: [] },
			{ kind: 'command', command: 'metaGothic.x', args: [1] },
			{ kind: 'openUrl', url: 'command:workbench.action.reloadWindow' },
			{ kind: 'openUrl', url: 'file:///etc/passwd' },
			{ kind: 'openDiff', repository: '/w', path: 'x' },
			{ kind: 'delete', repository: '/w' },
			{ kind: 'openJobLog', repository: '/w', jobId: '../x', jobName: 'build' },
			{ kind: 'openJobLog', repository: '/w', jobId: 42, jobName: 'build' },
			{ kind: 'openJobLog', repository: '/w', jobId: '42' },
			'openUrl',
		];
		for (const action of refused) {
			const parsed = parseWebviewMessage({ type: 'action', action });
			assert.equal(parsed.ok, false, JSON.stringify(action));
		}
	});
});
