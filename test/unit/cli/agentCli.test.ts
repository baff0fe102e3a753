import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { defaultAgentRunsDir } from '../../../src/claude/storageDir';
import { claudeBinary, type CliSandbox } from '../../support/claude/cliFixture';
import { startChildHost, storedStatus } from '../../support/claude/childRun';
import { type MessagesStandIn, stalledReply, textReply, toolUseReply, unauthorizedReply } from '../../support/claude/messagesStandIn';
import { liveCommandLines, userTexts, waitUntil } from '../../support/claude/processes';
import { useRealClaude } from '../../support/claude/realClaudeSuite';
import { type GitSandbox, TestRepo } from '../../support/repoBuilder';

const exec = promisify(execFile);
const projectRoot = path.resolve(__dirname, '../../..');

describe('meta-gothic agent (CLI) with the real claude CLI', function () {
	this.timeout(90_000);
	const claude = useRealClaude('mg-agent-cli-');
	let standIn: MessagesStandIn;
	let cli: CliSandbox;
	let sandbox: GitSandbox;
	let root: string;
	let alpha: TestRepo;
	let beta: TestRepo;

	beforeEach(() => {
		({ standIn, cli, sandbox, root } = claude);
		standIn.respondWith(undefined);
		alpha = TestRepo.init(sandbox, path.join(root, 'alpha')).commit('Add alpha', { 'README.md': '# alpha\n' });
		beta = TestRepo.init(sandbox, path.join(root, 'beta')).commit('Add beta', { 'README.md': '# beta\n' });
		mkdirSync(path.join(sandbox.dir, 'cache'));
	});

	/** The environment of an agent command: the sandboxed claude CLI, git config and history. */
	const agentEnv = () => ({ ...process.env, ...cli.env, ...sandbox.env, GITHUB_TOKEN: '', META_GOTHIC_CLAUDE_PATH: claudeBinary, XDG_CACHE_HOME: path.join(sandbox.dir, 'cache') });

	/** The CLI from source, as a real process. */
	async function agent(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
		const env = agentEnv();
		try {
			const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), 'agent', ...args, '--root', root], { cwd: projectRoot, env });
			return { stdout, stderr, code: 0 };
		} catch (err) {
			const e = err as { stdout: string; stderr: string; code: number };
			return { stdout: e.stdout, stderr: e.stderr, code: e.code };
		}
	}

	it('agent run streams progress and exits 0; list shows the run', async () => {
		standIn.enqueue(textReply('The repository has a README.'));
		const run = await agent(['run', '--repo', alpha.path, '--prompt', 'what is here?']);
		assert.equal(run.code, 0, run.stderr + run.stdout);
		assert.match(run.stdout, /^\[alpha [0-9a-f]{8}\] The repository has a README\.$/m);
		assert.match(run.stdout, /^\[alpha [0-9a-f]{8}\] SUCCEEDED \$0\.\d{4}$/m);
		const list = await agent(['list']);
		assert.equal(list.code, 0, list.stderr);
		assert.match(list.stdout, /^[0-9a-f]{8} {2}SUCCEEDED +alpha +\$0\.\d{4} {2}what is here\?$/m);
	});

	it('--worktree leaves the user tree alone; agent merge brings the work in', async () => {
		standIn.enqueue(toolUseReply('Bash', { command: 'echo agent > agent.txt', description: 'Write' }), textReply('Done.'));
		const run = await agent(['run', '--repo', alpha.path, '--prompt', 'write agent.txt', '--worktree', '--allowed-tools', 'Bash']);
		assert.equal(run.code, 0, run.stderr + run.stdout);
		const id = /SUCCEEDED .*review: meta-gothic agent show ([0-9a-f]{8})/.exec(run.stdout)?.[1];
		assert.ok(id, run.stdout);
		assert.match(run.stdout, /1 file\(s\) changed on agent\/[0-9a-f]{8}/);
		assert.equal(run.stdout.match(/\] running/g)?.length, 1, 'one line says it runs');
		assert.ok(!existsSync(path.join(alpha.path, 'agent.txt')));
		const show = await agent(['show', id]);
		assert.match(show.stdout, /^ {2}UNTRACKED +agent\.txt$/m);
		const merge = await agent(['merge', id]);
		assert.equal(merge.code, 0, merge.stderr);
		assert.match(merge.stdout, /^agent\/[0-9a-f]{8}: merged \([0-9a-f]{8}\)$/m);
		assert.equal(readFileSync(path.join(alpha.path, 'agent.txt'), 'utf8'), 'agent\n');
	});

	it('exit code follows the runs: 3 at the budget, 1 when one of a fleet fails; --json prints JSON lines', async () => {
		standIn.enqueue(toolUseReply('Bash', { command: 'ls', description: 'List' }), textReply('never'));
		const capped = await agent(['run', '--repo', alpha.path, '--prompt', 'look', '--max-budget-usd', '0.000001']);
		assert.equal(capped.code, 3, capped.stdout + capped.stderr);
		assert.match(capped.stdout, /BUDGET_EXCEEDED .*Stopped at its budget/);

		standIn.respondWith((body) => (JSON.stringify(body.system ?? '').includes('/beta') ? unauthorizedReply() : textReply('Fine.')));
		const fleet = await agent(['run', '--repo', alpha.path, '--repo', beta.path, '--prompt', 'check', '--json']);
		assert.equal(fleet.code, 1, fleet.stdout + fleet.stderr);
		const lines = fleet.stdout.trim().split('\n').map((l) => JSON.parse(l) as { fleetId?: string; run?: { status: string; repositoryPath: string } });
		assert.ok(lines[0].fleetId);
		const finals = lines.filter((l) => l.run).map((l) => [path.basename(l.run?.repositoryPath ?? ''), l.run?.status]).sort();
		assert.deepEqual(finals, [['alpha', 'SUCCEEDED'], ['beta', 'FAILED']]);
	});

	for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
		it(`${signal} cancels a running run: no claude process is left, the run is stored CANCELLED, exit ${code}`, async () => {
			const marker = `CLI-${signal}-MARKER`;
			standIn.respondWith(() => stalledReply());
			const env = agentEnv();
			const store = defaultAgentRunsDir([root], env);
			const run = startChildHost('src/cli/main.ts', ['agent', 'run', '--repo', alpha.path, '--prompt', `wait ${marker}`, '--root', root], env);
			try {
				await Promise.race([
					standIn.waitForRequest((r) => r.kind === 'main' && userTexts(r.body?.messages).some((t) => t.includes(marker))),
					run.exited.then(() => assert.fail(`the CLI ended early: ${run.stderr()}`)),
				]);
				await waitUntil(() => storedStatus(store) === 'RUNNING', 20_000, 'the run RUNNING on disk');
				assert.ok(liveCommandLines().some((l) => l.includes(marker)), 'its claude is live');
				run.child.kill(signal);
				const exit = await run.exited;
				assert.deepEqual(exit, { code, signal: null }, run.stderr() + run.stdout());
				assert.match(run.stdout(), /^\[alpha [0-9a-f]{8}\] CANCELLED$/m);
				assert.deepEqual(liveCommandLines().filter((l) => l.includes(marker)), []);
				assert.equal(storedStatus(store), 'CANCELLED');
			} finally {
				if (run.child.exitCode === null && run.child.signalCode === null) {
					run.child.kill('SIGKILL');
				}
			}
		});
	}

	it('agent run whose reader stops early cancels its run and exits 130, with no stack trace', async () => {
		standIn.enqueue(
			toolUseReply('Bash', { command: 'sleep 2', description: 'Wait a little' }),
			toolUseReply('Bash', { command: 'sleep 60', description: 'Wait long' }),
			textReply('never'),
		);
		const started = Date.now();
		const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), 'agent', 'run', '--repo', alpha.path, '--prompt', 'wait', '--allowed-tools', 'Bash', '--root', root], {
			cwd: projectRoot,
			env: agentEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		// Like `| head -1`: the reader leaves after the first output; the next line meets a closed pipe.
		child.stdout.once('data', () => child.stdout.destroy());
		const [code] = (await once(child, 'close')) as [number | null];
		assert.equal(stderr, '', 'no stack trace, no EPIPE message');
		assert.equal(code, 130, 'the run was cancelled, as by Ctrl-C');
		assert.ok(Date.now() - started < 45_000, 'the long tool call did not run to its end');
		const list = await agent(['list']);
		assert.match(list.stdout, /^[0-9a-f]{8} {2}CANCELLED +alpha /m);
	});

	it('usage errors exit 2', async () => {
		assert.equal((await agent(['run', '--prompt', 'x'])).code, 2);
		assert.equal((await agent(['run', '--repo', alpha.path])).code, 2);
		assert.equal((await agent(['run', '--repo', alpha.path, '--prompt', 'x', '--max-budget-usd', 'lots'])).code, 2);
		assert.equal((await agent(['show'])).code, 2);
	});
});
