import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';
import { treeFingerprint } from '../../support/treeFingerprint';
import { waitUntil } from '../../support/waitUntil';

const root = path.resolve(__dirname, '../../..');
const COMMIT = 'mutation($r: String!) { commit(repository: $r, message: "From the CLI") { status error { code } } }';

/**
 * Ctrl-C (SIGINT to the CLI's process group, as a terminal sends it) or SIGTERM while a commit's
 * hook runs: the CLI finishes or rolls back the commit, then exits with the signal's code. git
 * runs in a group of its own, so without this it would complete the commit after the CLI died.
 */
describe('meta-gothic CLI interrupted during a commit', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let n = 0;

	before(() => {
		sandbox = createGitSandbox();
	});
	after(() => sandbox.dispose());

	/** Starts `graphql COMMIT` on `repo` in a process group of its own; resolves its exit code and stderr. */
	function commitFromCli(repo: TestRepo) {
		const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'graphql', COMMIT, '--variables', JSON.stringify({ r: repo.path }), '--root', repo.path], {
			cwd: root,
			env: { ...process.env, ...sandbox.env, GITHUB_TOKEN: '' },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stderr = '';
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.stdout.resume();
		const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
		return { group: child.pid!, exited };
	}

	function noTransactionLeft(repo: TestRepo): void {
		assert.deepEqual(readdirSync(path.join(repo.path, '.git')).filter((f) => f.startsWith('meta-gothic-') || f === 'index.lock'), []);
	}

	it('Ctrl-C during the post-commit hook: the commit stands, with its index, exit 130', async () => {
		const repo = TestRepo.init(sandbox, path.join(sandbox.dir, `post-${++n}`)).commit('initial', { 'a.txt': 'a\n' }).write({ 'a.txt': 'changed\n', 'new.txt': 'n\n' });
		const marker = path.join(sandbox.dir, `post-commit-ran-${n}`);
		repo.hook('post-commit', `touch '${marker}'\nsleep 60`);
		const before = repo.head();
		const cli = commitFromCli(repo);
		await waitUntil(() => existsSync(marker), 40_000);
		process.kill(-cli.group, 'SIGINT');
		const { code, stderr } = await cli.exited;
		assert.equal(code, 130, stderr);
		assert.notEqual(repo.head(), before);
		assert.equal(repo.output('log', '-1', '--format=%s'), 'From the CLI');
		assert.equal(repo.output('status', '--porcelain'), '', 'nothing staged in reverse');
		noTransactionLeft(repo);
	});

	it('SIGTERM during the pre-commit hook: no commit, index and working tree as before, exit 143', async () => {
		const repo = TestRepo.init(sandbox, path.join(sandbox.dir, `pre-${++n}`)).commit('initial', { 'a.txt': 'a\n' }).write({ 'a.txt': 'changed\n', 'staged.txt': 's\n' });
		repo.git('add', 'staged.txt');
		const marker = path.join(sandbox.dir, `pre-commit-ran-${n}`);
		repo.hook('pre-commit', `touch '${marker}'\nsleep 60`);
		const before = { head: repo.head(), tree: treeFingerprint(repo.path, 'file'), index: repo.output('ls-files', '--stage') };
		const cli = commitFromCli(repo);
		await waitUntil(() => existsSync(marker), 40_000);
		process.kill(cli.group, 'SIGTERM');
		const { code, stderr } = await cli.exited;
		assert.equal(code, 143, stderr);
		assert.deepEqual({ head: repo.head(), tree: treeFingerprint(repo.path, 'file'), index: repo.output('ls-files', '--stage') }, before);
		noTransactionLeft(repo);
	});
});
