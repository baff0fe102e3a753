import { strict as assert } from 'node:assert';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createGateway, MetaGothicGraph } from '../../../src/api';
import { createGitSandbox, GitSandbox, TestRepo } from '../../support/repoBuilder';

type Result = { repository: { name: string; isDirty: boolean }; status: string; sha: string | null; error: { code: string; message: string } | null };

describe('repos mutations through the graph', function () {
	this.timeout(60_000);
	let sandbox: GitSandbox;
	let graph: MetaGothicGraph;
	let root: string;

	beforeEach(async () => {
		sandbox = createGitSandbox();
		root = path.join(sandbox.dir, 'ws');
		for (const name of ['alpha', 'beta', 'gamma']) {
			TestRepo.init(sandbox, path.join(root, name)).commit('initial', { 'README.md': `# ${name}\n` }).write({ 'README.md': `# ${name} changed\n`, 'new.txt': 'new\n' });
		}
		graph = await createGateway({ roots: [root], gitEnv: sandbox.env, githubToken: null });
	});
	afterEach(() => {
		graph.dispose();
		sandbox.dispose();
	});

	const commitAll = `mutation($commits: [CommitInput!]!, $continueOnError: Boolean) {
		commitAll(commits: $commits, continueOnError: $continueOnError) { repository { name isDirty } status sha error { code message } }
	}`;

	it('commits every repository and answers with each new state', async () => {
		const commits = ['alpha', 'beta', 'gamma'].map((n) => ({ repository: path.join(root, n), message: `Update ${n}` }));
		const result = await graph.execute({ query: commitAll, variables: { commits } });
		assert.equal(result.errors, undefined);
		const rows = (result.data as { commitAll: Result[] }).commitAll;
		assert.deepEqual(rows.map((r) => [r.repository.name, r.status, r.repository.isDirty]), [['alpha', 'SUCCEEDED', false], ['beta', 'SUCCEEDED', false], ['gamma', 'SUCCEEDED', false]]);
		assert.ok(rows.every((r) => /^[0-9a-f]{40}$/.test(r.sha ?? '')));
	});

	it('reports a rejecting hook for its repository only, and that repository keeps its changes', async () => {
		const hook = path.join(root, 'beta', '.git', 'hooks', 'pre-commit');
		writeFileSync(hook, '#!/bin/sh\necho "lint failed: no trailing spaces" >&2\nexit 1\n');
		chmodSync(hook, 0o755);
		const before = readFileSync(path.join(root, 'beta', '.git', 'index'));
		const commits = ['alpha', 'beta', 'gamma'].map((n) => ({ repository: path.join(root, n), message: `Update ${n}` }));
		const rows = ((await graph.execute({ query: commitAll, variables: { commits, continueOnError: true } })).data as { commitAll: Result[] }).commitAll;
		assert.deepEqual(rows.map((r) => r.status), ['SUCCEEDED', 'FAILED', 'SUCCEEDED']);
		assert.equal(rows[1].error?.code, 'HOOK_REJECTED');
		assert.match(rows[1].error?.message ?? '', /lint failed: no trailing spaces/);
		assert.equal(rows[1].repository.isDirty, true);
		assert.deepEqual(readFileSync(path.join(root, 'beta', '.git', 'index')), before, 'the failed repository index is untouched');
	});

	it('stops after the first failure when continueOnError is false', async () => {
		const commits = [
			{ repository: path.join(root, 'alpha'), message: '' },
			{ repository: path.join(root, 'beta'), message: 'Update beta' },
		];
		const rows = ((await graph.execute({ query: commitAll, variables: { commits, continueOnError: false } })).data as { commitAll: Result[] }).commitAll;
		assert.deepEqual(rows.map((r) => r.status), ['FAILED', 'SKIPPED']);
	});

	it('refuses unknown repositories before doing anything', async () => {
		const commits = [{ repository: path.join(root, 'alpha'), message: 'x' }, { repository: '/nowhere', message: 'x' }];
		const result = await graph.execute({ query: commitAll, variables: { commits } });
		assert.match(result.errors?.[0].message ?? '', /No repository at \/nowhere/);
		assert.equal(graph.git.get(path.join(root, 'alpha'))?.changes.length, 2, 'alpha was not committed');
	});

	it('pushes with --set-upstream only when asked, and reports a missing upstream clearly', async () => {
		const alpha = path.join(root, 'alpha');
		TestRepo.open(sandbox, alpha).publish(path.join(sandbox.dir, 'alpha.git'));
		TestRepo.open(sandbox, alpha).git('branch', '--unset-upstream').git('commit', '-qam', 'local work');
		await graph.git.refresh(alpha);
		const push = 'mutation($r: [String!]!, $u: Boolean) { push(repositories: $r, setUpstream: $u) { status error { code } repository { upstream ahead } } }';
		const refused = ((await graph.execute({ query: push, variables: { r: [alpha] } })).data as { push: Array<{ status: string; error: { code: string } | null }> }).push[0];
		assert.equal(refused.status, 'FAILED');
		assert.equal(refused.error?.code, 'NO_UPSTREAM');
		const pushed = ((await graph.execute({ query: push, variables: { r: [alpha], u: true } })).data as { push: Array<{ status: string; repository: { upstream: string; ahead: number } }> }).push[0];
		assert.deepEqual(JSON.parse(JSON.stringify(pushed)), { status: 'SUCCEEDED', error: null, repository: { upstream: 'origin/main', ahead: 0 } });
	});

	it('stops a cancelled batch', async () => {
		const controller = new AbortController();
		controller.abort();
		const commits = ['alpha', 'beta'].map((n) => ({ repository: path.join(root, n), message: `Update ${n}` }));
		const result = await graph.gateway.execute({ query: commitAll, variables: { commits } }, { signal: controller.signal });
		const rows = (result.data as { commitAll: Result[] }).commitAll;
		assert.ok(rows.every((r) => r.status !== 'SUCCEEDED'), JSON.stringify(rows));
		assert.ok(graph.git.repositories.every((r) => r.changes.length === 2), 'nothing was committed');
	});
});
