import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as path from 'node:path';
import { spawnCli } from '../../support/cliProcess';
import { createGitSandbox, type GitSandbox, TestRepo } from '../../support/repoBuilder';

/**
 * About 550 KB of JSON, several times what a pipe holds (64 KiB on Linux), so the CLI is still
 * writing when the reader leaves after the first chunk.
 */
const BIG_QUERY = `{ ${['a', 'b', 'c', 'd', 'e', 'f'].map((alias) => `${alias}: __schema { types { name description fields { name description args { name description } } } }`).join(' ')} }`;

/**
 * Runs the CLI with its stdout read by a reader that leaves early: after the first chunk, or
 * (`immediately`) before anything is written. Resolves with stderr and how the process ended.
 */
async function readThenClose(args: string[], env: NodeJS.ProcessEnv, immediately: boolean): Promise<{ stderr: string; code: number | null; signal: NodeJS.Signals | null; read: number }> {
	const child = spawnCli(args, env);
	let stderr = '';
	let read = 0;
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	if (immediately) {
		child.stdout!.destroy();
	} else {
		child.stdout!.once('data', (chunk: Buffer) => {
			read = chunk.length;
			child.stdout!.destroy();
		});
	}
	const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
	return { stderr, code, signal, read };
}

describe('meta-gothic CLI piped into a reader that stops early', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let repo: TestRepo;

	before(() => {
		sandbox = createGitSandbox('meta-gothic-cli-pipe-');
		repo = TestRepo.init(sandbox, path.join(sandbox.dir, 'repo')).commit('initial', { 'README.md': '# r\n' });
	});
	after(() => sandbox.dispose());

	it('ends quietly with exit code 0 when the reader leaves in the middle of the output (| head -c)', async () => {
		const { stderr, code, signal, read } = await readThenClose(['graphql', BIG_QUERY, '--root', repo.path], sandbox.env, false);
		assert.ok(read > 0, 'the reader got the start of the output');
		assert.equal(stderr, '', 'no stack trace, no EPIPE message');
		assert.deepEqual([code, signal], [0, null]);
	});

	it('ends quietly when the reader has left before the first line (status | true)', async () => {
		const { stderr, code, signal } = await readThenClose(['status', '--root', repo.path], sandbox.env, true);
		assert.equal(stderr, '', 'no stack trace, no EPIPE message');
		assert.deepEqual([code, signal], [0, null]);
	});
});
