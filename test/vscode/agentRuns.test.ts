// Agent runs in a real VS Code: the view, the transcript documents and the settings that make
// the Claude CLI available or not. No agent is started: the CLI would need the network.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, getExtension } from './extensionUnderTest';

type Result = { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] };

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) {
			return true;
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return false;
}

suite('Agent runs', () => {
	const config = () => vscode.workspace.getConfiguration('metaGothic');

	suiteTeardown(async () => {
		await config().update('claude.path', undefined, vscode.ConfigurationTarget.Global);
	});

	test('the graph answers with the (empty) history', async () => {
		const api = await activate();
		const result = (await api.graphql('{ agentRuns { id status } }')) as Result;
		assert.deepEqual(JSON.parse(JSON.stringify(result)), { data: { agentRuns: [] } });
	});

	test('the view takes focus and the transcript scheme answers for an unknown run', async () => {
		await activate();
		await vscode.commands.executeCommand('metaGothic.agentRuns.focus');
		const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'meta-gothic-run', path: '/x.md', query: 'nope' }));
		assert.match(doc.getText(), /Transcript unavailable/);
	});

	test('metaGothic.claude.path decides whether agent runs are available', async () => {
		const api = await activate();
		const probe = async () => (await api.graphql('mutation { generateCommitMessages(paths: []) { message } }')) as Result;
		await config().update('claude.path', '/nonexistent/claude', vscode.ConfigurationTarget.Global);
		assert.ok(await eventually(async () => (await probe()).errors?.[0]?.extensions?.code === 'CLI_MISSING'), 'missing CLI reported');
		const claude = path.join(getExtension().extensionPath, 'node_modules', '.bin', 'claude');
		await config().update('claude.path', claude, vscode.ConfigurationTarget.Global);
		assert.ok(await eventually(async () => JSON.stringify(await probe()) === JSON.stringify({ data: { generateCommitMessages: [] } })), 'available with the CLI');
	});
});
