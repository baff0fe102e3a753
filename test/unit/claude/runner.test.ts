import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { buildClaudeArgs, ClaudeNotFoundError, ClaudeSpawnError, MAX_ARGV_PROMPT_BYTES, spawnClaude } from '../../../src/claude/runner';
import type { StreamEvent } from '../../../src/claude/streamJson';
import { claudeBinary, createCliSandbox, type CliSandbox } from '../../support/claude/cliFixture';
import { MessagesStandIn, slowReply, textReply, toolUseReply } from '../../support/claude/messagesStandIn';
import { groupExists, liveCommandLines, userTexts } from '../../support/claude/processes';

describe('claude/runner', () => {
	describe('buildClaudeArgs', () => {
		it('passes the prompt last, after --, so it is never read as an option', () => {
			assert.deepEqual(buildClaudeArgs('--help me').args, ['-p', '--output-format', 'stream-json', '--verbose', '--', '--help me']);
		});

		it('maps every option', () => {
			const { args, stdin } = buildClaudeArgs('p', {
				model: 'claude-x', maxTurns: 2, permissionMode: 'acceptEdits', allowedTools: ['Bash(git:*)', 'Read'],
				appendSystemPrompt: 'Be brief.', resumeSessionId: 's-1', includePartialMessages: true,
			});
			assert.deepEqual(args, [
				'-p', '--output-format', 'stream-json', '--verbose', '--model', 'claude-x', '--max-turns', '2', '--permission-mode', 'acceptEdits',
				'--allowedTools', 'Bash(git:*),Read', '--append-system-prompt', 'Be brief.', '--resume', 's-1', '--include-partial-messages', '--', 'p',
			]);
			assert.equal(stdin, undefined);
		});

		it('passes the permission prompt as a config file, so its token never shows in argv', () => {
			const { args } = buildClaudeArgs('p', { permissionPrompt: { mcpConfigPath: '/tmp/x/run.json', tool: 'mcp__metaGothic__permission_prompt' } });
			assert.deepEqual(args.slice(4), ['--mcp-config', '/tmp/x/run.json', '--permission-prompt-tool', 'mcp__metaGothic__permission_prompt', '--', 'p']);
		});

		it('sends a prompt too long for argv through stdin', () => {
			const long = 'x'.repeat(MAX_ARGV_PROMPT_BYTES + 1);
			const inv = buildClaudeArgs(long, { maxTurns: 1 });
			assert.equal(inv.stdin, long);
			assert.ok(!inv.args.includes(long) && !inv.args.includes('--'));
		});
	});

	it('reports a missing binary as ClaudeNotFoundError, not a crash', async () => {
		const proc = spawnClaude('hi', { cwd: process.cwd(), claudePath: path.join(process.cwd(), 'no-such-claude') });
		await assert.rejects(proc.exited, (err: Error) => err instanceof ClaudeNotFoundError && /Claude Code CLI was not found/.test(err.message));
		proc.dispose();
	});

	it('reports a missing repository folder as such, not as a missing binary', async () => {
		const proc = spawnClaude('hi', { cwd: '/no/such/folder', claudePath: claudeBinary });
		await assert.rejects(proc.exited, (err: Error) => err instanceof ClaudeSpawnError && /Repository folder not found/.test(err.message));
	});

	it('reports arguments the OS cannot pass as ClaudeSpawnError', async () => {
		const proc = spawnClaude('nul \0 byte', { cwd: process.cwd(), claudePath: claudeBinary });
		await assert.rejects(proc.exited, ClaudeSpawnError);
	});

	describe('with the real CLI', function () {
		this.timeout(30_000);
		let standIn: MessagesStandIn;
		let sandbox: CliSandbox;
		before(async () => (standIn = await MessagesStandIn.start()));
		after(() => standIn.close());
		beforeEach(() => {
			standIn.reset();
			sandbox = createCliSandbox(standIn.baseUrl);
		});
		afterEach(() => sandbox.dispose());

		const run = (prompt: string, options: Parameters<typeof spawnClaude>[1] extends infer O ? Partial<O> : never = {}) =>
			spawnClaude(prompt, { cwd: sandbox.repo, claudePath: claudeBinary, env: sandbox.env, maxTurns: 1, ...options });

		it('streams init, assistant and result, and the prompt reaches the API', async () => {
			standIn.enqueue(textReply('Hello from the stand-in'));
			const started = Date.now();
			const proc = run('say hello');
			const events: StreamEvent[] = [];
			proc.onDidReceiveEvent((e) => events.push(e));
			const exit = await proc.exited;
			const wall = Date.now() - started;
			assert.equal(exit.reason, 'exited');
			assert.equal(exit.exitCode, 0);
			assert.deepEqual(events.map((e) => e.type), ['system', 'assistant', 'result']);
			assert.equal(exit.result?.result, 'Hello from the stand-in');
			assert.ok(exit.sessionId);
			assert.ok(userTexts(standIn.mainRequests[0].body?.messages).includes('say hello'));
			assert.deepEqual(standIn.unknownRequests, []);
			console.log(`      single run wall time: ${wall} ms`);
		});

		it('answers the CLI\'s side requests without spending scripted replies', async () => {
			// With nonessential traffic allowed the CLI also asks for a session title.
			sandbox.dispose();
			sandbox = createCliSandbox(standIn.baseUrl, { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: undefined });
			standIn.enqueue(toolUseReply('Read', { file_path: path.join(sandbox.repo, 'README.md') }), textReply('Read it.'));
			const exit = await run('read the readme', { maxTurns: 3 }).exited;
			assert.equal(exit.result?.result, 'Read it.');
			assert.ok(standIn.requests.some((r) => r.kind === 'side'), 'a side request was made');
			assert.equal(standIn.mainRequests.length, 2);
			assert.equal(standIn.pending, 0);
		});

		it('passes a prompt over the argv limit through stdin', async () => {
			standIn.enqueue(textReply('ok'));
			const prompt = `${'diff line\n'.repeat(MAX_ARGV_PROMPT_BYTES / 8)}END-OF-PROMPT`;
			const exit = await run(prompt).exited;
			assert.equal(exit.result?.isError, false);
			assert.ok(userTexts(standIn.mainRequests[0].body?.messages).some((t) => t.endsWith('END-OF-PROMPT')));
		});

		it('cancel ends the CLI and the process group its Bash tool started', async () => {
			standIn.enqueue(toolUseReply('Bash', { command: 'sleep 41.5', description: 'Wait' }), textReply('never reached'));
			const proc = run('wait a while', { maxTurns: 3, allowedTools: ['Bash'], killGraceMs: 1500 });
			const pid = proc.pid as number;
			await new Promise<void>((resolve) => proc.onDidReceiveEvent((e) => e.type === 'assistant' && e.content.some((b) => b.type === 'tool_use') && resolve()));
			// Give the tool a moment to start its own session with the sleep in it.
			const deadline = Date.now() + 5000;
			while (!liveCommandLines().some((l) => l.startsWith('sleep 41.5')) && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 50));
			}
			assert.ok(liveCommandLines().some((l) => l.startsWith('sleep 41.5')), 'tool process started');
			proc.cancel();
			const exit = await proc.exited;
			assert.equal(exit.reason, 'cancelled');
			assert.equal(exit.result, undefined);
			assert.equal(groupExists(pid), false, 'CLI process group is gone');
			assert.deepEqual(liveCommandLines().filter((l) => l.includes('sleep 41.5')), [], 'tool processes are gone');
		});

		it('stops a run at its timeout', async () => {
			standIn.enqueue(slowReply('z'.repeat(400), 50));
			const exit = await run('slow', { timeoutMs: 1500, killGraceMs: 1000 }).exited;
			assert.equal(exit.reason, 'timedOut');
		});
	});
});
