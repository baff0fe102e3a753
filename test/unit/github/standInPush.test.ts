import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installPushHook } from '../../support/github/pushHook';
import { TOKEN, standIn } from './helpers';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const execFileAsync = promisify(execFile);
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

async function runsOf(url: string, repo: string): Promise<Array<{ head_sha: string; event: string; head_branch: string; name: string }>> {
	const res = await fetch(`${url}/repos/${repo}/actions/runs`, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.github+json' } });
	return ((await res.json()) as { workflow_runs: Array<{ head_sha: string; event: string; head_branch: string; name: string }> }).workflow_runs;
}

describe('GitHub stand-in: pushes to a local remote', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'mg-push-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	/** A bare remote with the hook, and a clone of it with one commit ready to push. */
	function remoteAndClone(target: { url: string; repository: string }): { clone: string; sha: string } {
		const remote = join(dir, 'remote.git');
		git(dir, 'init', '-q', '--bare', '-b', 'main', remote);
		installPushHook(remote, target);
		const clone = join(dir, 'clone');
		git(dir, 'clone', '-q', remote, clone);
		writeFileSync(join(clone, 'README.md'), 'hello\n');
		git(clone, 'add', '.');
		git(clone, 'commit', '-q', '-m', 'First');
		return { clone, sha: git(clone, 'rev-parse', 'HEAD') };
	}

	it('a real git push starts the push workflows on the pushed commit, not the others', async () => {
		const gh = await standIn();
		try {
			const repo = gh.addRepo({ owner: 'acme', name: 'core' });
			gh.addWorkflow(repo, { path: '.github/workflows/ci.yml', yaml: 'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  b:\n    runs-on: x\n' });
			gh.addWorkflow(repo, { path: '.github/workflows/release.yml', yaml: 'name: Release\non: workflow_dispatch\njobs:\n  b:\n    runs-on: x\n' });
			gh.addWorkflow(repo, { path: '.github/workflows/docs.yml', yaml: 'name: Docs\non:\n  push:\n    branches: [docs]\njobs:\n  b:\n    runs-on: x\n' });
			const { clone, sha } = remoteAndClone({ url: gh.url, repository: 'acme/core' });

			// Not execFileSync: the stand-in answers the hook from this process's event loop.
			const { stderr } = await execFileAsync('git', ['push', '-q', 'origin', 'main'], { cwd: clone, env: ENV });
			assert.doesNotMatch(stderr, /not recorded/);

			const runs = await runsOf(gh.url, 'acme/core');
			assert.deepEqual(
				runs.map((r) => [r.name, r.event, r.head_branch, r.head_sha]),
				[['CI', 'push', 'main', sha]],
			);
		} finally {
			await gh.close();
		}
	});

	it('reads branch patterns as GitHub does: ** crosses folders, * does not', async () => {
		const gh = await standIn();
		try {
			const repo = gh.addRepo({ owner: 'acme', name: 'core' });
			gh.addWorkflow(repo, { path: '.github/workflows/ci.yml', yaml: "name: CI\non:\n  push:\n    branches: [main, 'fix/**', 'release/v?.*']\njobs:\n  b:\n    runs-on: x\n" });
			const { clone } = remoteAndClone({ url: gh.url, repository: 'acme/core' });
			for (const branch of ['fix/ci-3', 'fix/deep/er', 'feature/login', 'release/v1.2', 'release/v2.0/hotfix', 'fixes']) {
				await execFileAsync('git', ['push', '-q', 'origin', `HEAD:refs/heads/${branch}`], { cwd: clone, env: ENV });
			}
			const pushed = (await runsOf(gh.url, 'acme/core')).map((r) => r.head_branch).sort();
			assert.deepEqual(pushed, ['fix/ci-3', 'fix/deep/er', 'release/v1.2']);
		} finally {
			await gh.close();
		}
	});

	it('a stand-in that is gone does not fail the push', async () => {
		const gh = await standIn();
		const url = gh.url;
		await gh.close();
		const { clone, sha } = remoteAndClone({ url, repository: 'acme/core' });
		// execFileSync throws on a failed push.
		execFileSync('git', ['push', 'origin', 'main'], { cwd: clone, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
		assert.equal(git(join(dir, 'remote.git'), 'rev-parse', 'main'), sha, 'the remote has the commit');
	});
});
