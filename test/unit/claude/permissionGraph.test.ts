import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExecutionResult } from 'graphql';
import { createGateway, type MetaGothicGraph } from '../../../src/api';
import type { PermissionServerLaunch } from '../../../src/claude/permissionBridge';
import type { SubscriptionResult } from '../../../src/schema/gateway';
import { claudeBinary, createCliSandbox, type CliSandbox } from '../../support/claude/cliFixture';
import { MessagesStandIn, textReply, toolUseReply } from '../../support/claude/messagesStandIn';
import { bundlePermissionServer } from '../../support/claude/permissionServerBundle';
import { createGitSandbox, type GitSandbox, TestRepo } from '../../support/repoBuilder';

interface Request {
	id: string;
	tool: string;
	inputSummary: string;
	requestedAt: string;
	run: { id: string; status: string } | null;
	repository: { name: string };
}

const REQUEST_FIELDS = 'id tool inputSummary requestedAt run { id status } repository { name }';
const ANSWER = `mutation($id: ID!, $decision: PermissionDecision!) { answerPermissionRequest(id: $id, decision: $decision) { id tool } }`;

function data<T>(result: ExecutionResult): T {
	assert.equal(result.errors, undefined, JSON.stringify(result.errors));
	return JSON.parse(JSON.stringify(result.data)) as T;
}

describe('claude/permission requests through the graph, with the real CLI', function () {
	this.timeout(60_000);
	let standIn: MessagesStandIn;
	let bundle: { readonly launch: PermissionServerLaunch; dispose(): void };
	let cli: CliSandbox;
	let gitSandbox: GitSandbox;
	let root: string;
	let graph: MetaGothicGraph;

	before(async () => {
		standIn = await MessagesStandIn.start();
		bundle = await bundlePermissionServer();
	});
	after(async () => {
		bundle.dispose();
		await standIn.close();
	});
	beforeEach(async () => {
		standIn.reset();
		cli = createCliSandbox(standIn.baseUrl);
		gitSandbox = createGitSandbox('mg-permissions-');
		root = path.join(gitSandbox.dir, 'meta');
		TestRepo.init(gitSandbox, path.join(root, 'core')).commit('Add core', { 'README.md': '# core\n' });
		graph = await createGateway({
			roots: [root], gitEnv: gitSandbox.env, githubToken: null, claudePath: claudeBinary, claudeEnv: cli.env,
			storageDir: path.join(gitSandbox.dir, 'storage'), claudePermissionServer: bundle.launch,
		});
	});
	afterEach(async () => {
		await graph.agentRuns?.shutdown();
		graph.dispose();
		cli.dispose();
		gitSandbox.dispose();
	});

	it('lists the request, streams it, and Always for This Run lets the run finish; a second answer is NOT_FOUND', async () => {
		// Two Bash calls: the second is covered by the first answer and asks nobody.
		standIn.enqueue(
			toolUseReply('Bash', { command: 'touch first.txt', description: 'First' }),
			toolUseReply('Bash', { command: 'touch second.txt', description: 'Second' }),
			textReply('Both made.'),
		);
		const sub = (await graph.subscribe({ query: `subscription { permissionRequestsChanged { ${REQUEST_FIELDS} } }` })) as SubscriptionResult;
		const started = data<{ startAgentRun: { id: string } }>(await graph.execute({
			query: 'mutation($repository: String!) { startAgentRun(repository: $repository, prompt: "make two files", options: { maxTurns: 4 }) { id } }',
			variables: { repository: path.join(root, 'core') },
		})).startAgentRun;
		const first = await sub.next();
		const streamed = (first.value.data as { permissionRequestsChanged: Request[] }).permissionRequestsChanged;
		assert.deepEqual(streamed.map((r) => [r.tool, r.inputSummary, r.repository.name, r.run?.id, r.run?.status]), [['Bash', 'touch first.txt', 'core', started.id, 'RUNNING']]);
		const listed = data<{ permissionRequests: Request[] }>(await graph.execute({ query: `{ permissionRequests { ${REQUEST_FIELDS} } }` })).permissionRequests;
		assert.deepEqual(listed.map((r) => r.id), [streamed[0].id]);
		assert.ok(!Number.isNaN(Date.parse(listed[0].requestedAt)));

		const answered = data<{ answerPermissionRequest: { id: string; tool: string } }>(await graph.execute({ query: ANSWER, variables: { id: listed[0].id, decision: 'ALLOW_RUN' } }));
		assert.deepEqual(answered.answerPermissionRequest, { id: listed[0].id, tool: 'Bash' });
		const done = await graph.agentRuns?.whenFinished(started.id);
		assert.equal(done?.status, 'SUCCEEDED', done?.error ?? '');
		assert.equal(done?.result, 'Both made.');
		const repo = path.join(root, 'core');
		assert.ok(fs.existsSync(path.join(repo, 'first.txt')) && fs.existsSync(path.join(repo, 'second.txt')), 'both commands ran');
		assert.deepEqual(data<{ permissionRequests: Request[] }>(await graph.execute({ query: '{ permissionRequests { id } }' })).permissionRequests, []);

		const again = await graph.execute({ query: ANSWER, variables: { id: listed[0].id, decision: 'DENY' } });
		assert.equal(again.errors?.[0]?.extensions?.code, 'NOT_FOUND');
		await sub.return?.();
	});

	it('with permissionPrompts off, the CLI refuses the tool itself and nothing is asked', async () => {
		graph.agentRuns?.configure({ permissionPrompts: false });
		let asked = 0;
		graph.agentRuns?.permissions?.onDidChangeRequests(() => asked++);
		standIn.enqueue(toolUseReply('Bash', { command: 'touch refused.txt', description: 'Refused' }), textReply('Could not.'));
		const started = data<{ startAgentRun: { id: string } }>(await graph.execute({
			query: 'mutation($repository: String!) { startAgentRun(repository: $repository, prompt: "make a file", options: { maxTurns: 3 }) { id } }',
			variables: { repository: path.join(root, 'core') },
		})).startAgentRun;
		const done = await graph.agentRuns?.whenFinished(started.id);
		assert.equal(done?.status, 'SUCCEEDED', done?.error ?? '');
		assert.equal(fs.existsSync(path.join(root, 'core', 'refused.txt')), false);
		assert.equal(asked, 0);
	});

	it('rejects a decision that is not one of the three', async () => {
		const result = await graph.execute({ query: ANSWER, variables: { id: 'x', decision: 'ALLOW_FOREVER' } });
		assert.ok(result.errors?.length);
		assert.equal(data<{ permissionRequests: Request[] }>(await graph.execute({ query: '{ permissionRequests { id } }' })).permissionRequests.length, 0);
	});
});
