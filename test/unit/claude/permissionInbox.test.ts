import { strict as assert } from 'node:assert';
import { MAX_INPUT_SUMMARY_LENGTH, PermissionInbox, summarizeToolInput, type PermissionRequest } from '../../../src/claude/permissionInbox';

describe('claude/PermissionInbox', () => {
	let inbox: PermissionInbox;
	beforeEach(() => (inbox = new PermissionInbox({ timeoutSeconds: 30 })));
	afterEach(() => inbox.dispose());

	const only = (): PermissionRequest => {
		assert.equal(inbox.requests.length, 1);
		return inbox.requests[0];
	};

	it('Allow Once allows that call only: the next call of the tool asks again', async () => {
		const first = inbox.request('run-1', '/repos/core', 'Bash', { command: 'npm test' });
		inbox.answer(only().id, 'ALLOW_ONCE');
		assert.deepEqual(await first, { behavior: 'allow' });
		void inbox.request('run-1', '/repos/core', 'Bash', { command: 'npm test' });
		assert.equal(only().inputSummary, 'npm test');
	});

	it('Always for This Run allows the tool for the rest of that run, not for other runs or tools', async () => {
		const first = inbox.request('run-1', '/repos/core', 'Bash', { command: 'npm test' });
		const sameToolWaiting = inbox.request('run-1', '/repos/core', 'Bash', { command: 'npm run lint' });
		inbox.answer(inbox.requests[0].id, 'ALLOW_RUN');
		assert.deepEqual(await first, { behavior: 'allow' });
		assert.deepEqual(await sameToolWaiting, { behavior: 'allow' }, 'a waiting call of the same tool is covered');
		assert.deepEqual(await inbox.request('run-1', '/repos/core', 'Bash', { command: 'ls' }), { behavior: 'allow' });
		assert.equal(inbox.requests.length, 0);
		void inbox.request('run-1', '/repos/core', 'WebFetch', { url: 'https://example.com' });
		void inbox.request('run-2', '/repos/app', 'Bash', { command: 'ls' });
		assert.deepEqual(inbox.requests.map((r) => `${r.runId} ${r.tool}`), ['run-1 WebFetch', 'run-2 Bash']);
	});

	it('Deny denies with a message the agent sees, and the id is gone afterwards', async () => {
		const asked = inbox.request('run-1', '/repos/core', 'Bash', { command: 'rm -rf build' });
		const id = only().id;
		assert.equal(inbox.answer(id, 'DENY'), true);
		const outcome = await asked;
		assert.equal(outcome.behavior, 'deny');
		assert.equal(inbox.answer(id, 'ALLOW_ONCE'), false, 'an answered request cannot be answered again');
	});

	it('times out to Deny, never to Allow', async () => {
		inbox.setTimeoutSeconds(0.05);
		const outcome = await inbox.request('run-1', '/repos/core', 'Bash', { command: 'npm test' });
		assert.equal(outcome.behavior, 'deny');
		assert.match(outcome.behavior === 'deny' ? outcome.message : '', /in time/);
		assert.deepEqual(inbox.requests, []);
	});

	it('the end of a run denies its pending requests and forgets what it allowed', async () => {
		const allowed = inbox.request('run-1', '/repos/core', 'Bash', { command: 'a' });
		inbox.answer(only().id, 'ALLOW_RUN');
		await allowed;
		const pending = inbox.request('run-1', '/repos/core', 'Edit', { file_path: '/etc/hosts' });
		const other = inbox.request('run-2', '/repos/app', 'Edit', { file_path: '/etc/hosts' });
		inbox.endRun('run-1');
		assert.equal((await pending).behavior, 'deny');
		assert.deepEqual(inbox.requests.map((r) => r.runId), ['run-2']);
		void inbox.request('run-1', '/repos/core', 'Bash', { command: 'a' });
		assert.equal(inbox.requests.length, 2, 'run-1 asks again for Bash');
		inbox.dispose();
		assert.equal((await other).behavior, 'deny', 'disposing the inbox denies, never allows');
	});

	it('fires change events as requests come and go', async () => {
		const sizes: number[] = [];
		inbox.onDidChangeRequests((r) => sizes.push(r.length));
		const asked = inbox.request('run-1', '/r', 'Bash', { command: 'x' });
		inbox.answer(only().id, 'DENY');
		await asked;
		assert.deepEqual(sizes, [1, 0]);
	});

	it('summarises an input as one capped line of its command, path or address', () => {
		assert.equal(summarizeToolInput({ command: 'npm\n  test', description: 'Run tests' }), 'npm test');
		assert.equal(summarizeToolInput({ file_path: '/etc/hosts', old_string: 'a' }), '/etc/hosts');
		assert.equal(summarizeToolInput({ url: 'https://example.com' }), 'https://example.com');
		assert.equal(summarizeToolInput({ other: 1 }), '{"other":1}');
		const long = summarizeToolInput({ command: 'x'.repeat(5000) });
		assert.equal(long.length, MAX_INPUT_SUMMARY_LENGTH);
		assert.ok(long.endsWith('…'));
	});
});
