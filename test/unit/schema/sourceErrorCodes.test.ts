import { strict as assert } from 'node:assert';
import type { CommitOutcome, ReposOperations, RepositoryOperationEvent } from '../../../src/schema/contracts/repos';
import {
	CLAUDE_ERROR_CODES, GITHUB_ERROR_CODES, REPOS_ERROR_CODES, SourceError, type ClaudeErrorCode, type GitHubErrorCode, type ReposErrorCode,
} from '../../../src/schema/contracts/sourceError';
import { Emitter } from '../../../src/common/event';
import { Gateway } from '../../../src/schema/gateway';
import { MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState } from '../../support/graph/memorySources';

const REPO = '/w/meta';
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Git writes that all fail with `code`, as the adapter's edge would raise it. */
function failingOperations(code: ReposErrorCode): ReposOperations {
	const fail = async (): Promise<never> => {
		throw new SourceError('REPOS', code, `failed: ${code}`);
	};
	return {
		stage: fail,
		unstage: fail,
		commit: fail,
		push: fail,
		pull: fail,
		fetch: fail,
		commitAll: async (commits): Promise<CommitOutcome[]> => commits.map((c) => ({ path: c.path, status: 'failed', error: new SourceError('REPOS', code, `failed: ${code}`) })),
		commitHierarchy: fail,
		initializeSubmodules: fail,
		onDidRunOperation: new Emitter<RepositoryOperationEvent>().event,
	};
}

for (const execution of ['fused', 'stitched'] as const) {
	describe(`every contract code reaches the graph unchanged (${execution} execution)`, () => {
		it('repos: each code in OperationResult.error and Repository.errorCode', async () => {
			for (const code of REPOS_ERROR_CODES) {
				const repos = new MemoryRepos([repoState(REPO, { error: `broken: ${code}`, errorCode: code })]);
				const gateway = new Gateway({ repos, repoOperations: failingOperations(code), workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([]), execution });
				const result = await gateway.execute({
					query: `mutation($r: String!) { push(repositories: [$r]) { status error { code message } } commitAll(commits: [{ repository: $r, message: "m" }]) { error { code } } }`,
					variables: { r: REPO },
				});
				assert.equal(result.errors, undefined, JSON.stringify(result.errors));
				assert.deepEqual(plain(result.data), { push: [{ status: 'FAILED', error: { code, message: `failed: ${code}` } }], commitAll: [{ error: { code } }] });
				const read = await gateway.execute({ query: `{ repository(path: "${REPO}") { error errorCode } }` });
				assert.deepEqual(plain(read.data), { repository: { error: `broken: ${code}`, errorCode: code } });
				gateway.dispose();
			}
		});

		it('GitHub: each code in extensions (with domain and retryable) and in githubStatus', async () => {
			for (const code of GITHUB_ERROR_CODES) {
				const workflows = new MemoryWorkflows(new Map(), []);
				workflows.cancelRun = async () => {
					throw new SourceError('GITHUB', code, `refused: ${code}`);
				};
				const gateway = new Gateway({ repos: new MemoryRepos([repoState(REPO)]), workflows, agentRuns: new MemoryAgentRuns([]), execution });
				const write = await gateway.execute({ query: `mutation { cancelWorkflowRun(repository: "${REPO}", runId: "1") { id } }` });
				const extensions = write.errors?.[0]?.extensions;
				assert.deepEqual([extensions?.code, extensions?.domain, write.errors?.[0]?.message], [code, 'GITHUB', `refused: ${code}`]);
				assert.equal(extensions?.retryable, ['RATE_LIMITED', 'OFFLINE', 'SERVER_ERROR'].includes(code), `${code} retryable`);

				workflows.unavailableReason = `unavailable: ${code}`;
				workflows.unavailableCode = code as GitHubErrorCode;
				const status = await gateway.execute({ query: '{ githubStatus { available code reason } workflowRuns { id } }' });
				assert.deepEqual(plain(status.data), { githubStatus: { available: false, code, reason: `unavailable: ${code}` }, workflowRuns: null });
				assert.equal(status.errors?.[0]?.extensions?.code, code, 'a field GitHub cannot answer carries the status code');
				gateway.dispose();
			}
		});

		it('Claude: each code in extensions and in claudeStatus', async () => {
			for (const code of CLAUDE_ERROR_CODES) {
				const agentRuns = new MemoryAgentRuns([]);
				agentRuns.start = async () => {
					throw new SourceError('CLAUDE', code, `refused: ${code}`);
				};
				const gateway = new Gateway({ repos: new MemoryRepos([repoState(REPO)]), workflows: new MemoryWorkflows(new Map(), []), agentRuns, execution });
				const start = await gateway.execute({ query: `mutation { startAgentRun(repository: "${REPO}", prompt: "hi") { id } }` });
				assert.deepEqual([start.errors?.[0]?.extensions?.code, start.errors?.[0]?.extensions?.domain], [code, 'CLAUDE']);

				agentRuns.unavailableReason = `unavailable: ${code}`;
				agentRuns.unavailableCode = code as ClaudeErrorCode;
				const status = await gateway.execute({ query: '{ claudeStatus { available code reason } }' });
				assert.deepEqual(plain(status.data), { claudeStatus: { available: false, code, reason: `unavailable: ${code}` } });
				gateway.dispose();
			}
		});

		it('gitStatus: UNTRUSTED while writes are withheld, GIT_MISSING once a read found no git', async () => {
			let trusted = false;
			const repos = new MemoryRepos([repoState(REPO)]);
			const gateway = new Gateway({ repos, repoOperations: () => (trusted ? failingOperations('GIT_FAILED') : undefined), workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([]), execution });
			const read = async () => plain((await gateway.execute({ query: '{ gitStatus { available code } }' })).data);
			assert.deepEqual(await read(), { gitStatus: { available: false, code: 'UNTRUSTED' } });
			trusted = true;
			assert.deepEqual(await read(), { gitStatus: { available: true, code: null } });
			repos.update(repoState(REPO, { error: 'Git was not found', errorCode: 'GIT_MISSING' }));
			assert.deepEqual(await read(), { gitStatus: { available: false, code: 'GIT_MISSING' } });
			gateway.dispose();
		});
	});
}
