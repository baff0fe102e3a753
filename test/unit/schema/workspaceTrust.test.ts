import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { GitModel } from '../../../src/git/model';
import { GitOperations } from '../../../src/git/operations';
import { GitReposOperations } from '../../../src/git/reposOperations';
import { Gateway } from '../../../src/schema/gateway';
import { UnavailableAgentRuns, UnavailableWorkflows } from '../../../src/schema/unavailableSources';
import { useCaseFolders } from '../../support/caseFolders';
import { TestRepo } from '../../support/repoBuilder';

const COMMIT = `mutation($r: String!, $m: String!) {
	commit(repository: $r, message: $m) { status sha error { code message } repository { isDirty } }
}`;

type CommitResult = { status: string; sha: string | null; repository: { isDirty: boolean } };

for (const execution of ['fused', 'stitched'] as const) {
	describe(`git writes when workspace trust is granted after the graph is built (${execution} execution)`, function () {
		this.timeout(30_000);
		const cases = useCaseFolders();
		let git: GitModel;
		let operations: GitOperations;
		let repoOperations: GitReposOperations;

		beforeEach(() => {
			git = new GitModel({ roots: [cases.root], env: cases.sandbox.env });
			operations = new GitOperations(git);
			repoOperations = new GitReposOperations(operations);
		});
		afterEach(() => {
			repoOperations.dispose();
			operations.dispose();
			git.dispose();
		});

		it('refuses a write while untrusted, then runs it once trust is granted, without rebuilding the graph', async () => {
			const repoPath = path.join(cases.root, 'alpha');
			const repo = TestRepo.init(cases.sandbox, repoPath).commit('initial', { 'README.md': '# alpha\n' }).write({ 'README.md': '# alpha changed\n' });
			const headBefore = repo.head();
			let trusted = false;
			// What the extension passes: the operations only while the workspace is trusted.
			const gateway = new Gateway({
				repos: git,
				repoOperations: () => (trusted ? repoOperations : undefined),
				workflows: new UnavailableWorkflows('no GitHub here'),
				agentRuns: new UnavailableAgentRuns('no Claude here'),
				execution,
			});
			try {
				await git.scan();
				const variables = { r: repoPath, m: 'Update alpha' };

				const refused = await gateway.execute({ query: COMMIT, variables });
				assert.equal(refused.errors?.length, 1);
				assert.match(refused.errors[0].message, /Repositories are read-only here: an untrusted workspace runs no git writes/);
				assert.equal(refused.errors[0].extensions?.code, 'UNTRUSTED');
				assert.equal(repo.head(), headBefore, 'nothing was committed while untrusted');

				trusted = true;
				const result = await gateway.execute({ query: COMMIT, variables });
				assert.equal(result.errors, undefined);
				const commit = (result.data as { commit: CommitResult }).commit;
				assert.equal(commit.status, 'SUCCEEDED');
				assert.equal(commit.sha, repo.head());
				assert.notEqual(commit.sha, headBefore);
				assert.equal(commit.repository.isDirty, false);
			} finally {
				gateway.dispose();
			}
		});
	});
}
