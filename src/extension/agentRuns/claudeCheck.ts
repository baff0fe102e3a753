import * as vscode from 'vscode';
import { setContext } from '../contextKeys';
import type { Gateway } from '../../schema/gateway';
import { createCommand } from '../commands/createCommand';
import { CodedError, queryGraph } from '../errors/codedError';
import { showMessage } from '../errors/notify';
import { ClaudeStatusQuery } from './agentRunsQueries';

const SIGN_IN_NAMES: Readonly<Record<string, string>> = {
	API_KEY: 'ANTHROPIC_API_KEY',
	AUTH_TOKEN: 'ANTHROPIC_AUTH_TOKEN',
	OAUTH_TOKEN: 'CLAUDE_CODE_OAUTH_TOKEN',
	CREDENTIALS: 'the credentials of an earlier login',
};

/**
 * Keeps `metaGothic.claude.ready` in step with the graph's `claudeStatus` (found, its version
 * known, a way to sign in), which completes the walkthrough's Claude step.
 */
export async function updateClaudeReady(gateway: Pick<Gateway, 'execute'>): Promise<void> {
	const { claudeStatus } = await queryGraph(gateway, ClaudeStatusQuery);
	await setContext('metaGothic.claude.ready', claudeStatus.available && claudeStatus.version !== null && claudeStatus.signIn !== null);
}

/**
 * `metaGothic.claude.check`: says whether the CLI was found, where, its version and how it signs
 * in; a missing or broken CLI fails with its code, so the notification offers the fix.
 */
export function registerClaudeCheck(gateway: Pick<Gateway, 'execute'>): vscode.Disposable {
	return createCommand('metaGothic.claude.check', async () => {
		let { claudeStatus: status } = await queryGraph(gateway, ClaudeStatusQuery);
		if (status.available && status.version === null) {
			// The version is asked in the background on first read: give it the time of one `claude --version`.
			status = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Asking claude --version…' }, async () => {
				for (let i = 0; i < 40; i++) {
					const { claudeStatus } = await queryGraph(gateway, ClaudeStatusQuery);
					if (claudeStatus.version !== null || !claudeStatus.available) {
						return claudeStatus;
					}
					await new Promise((resolve) => setTimeout(resolve, 250));
				}
				return status;
			});
		}
		await updateClaudeReady(gateway);
		if (!status.available) {
			throw new CodedError(status.reason ?? 'The Claude CLI cannot be used.', 'CLAUDE', status.code ?? 'CLI_FAILED');
		}
		// `claude --version` prints `2.1.197 (Claude Code)`: the message names the product already.
		const version = status.version?.replace(/\s*\(Claude Code\)$/i, '');
		const found = `Claude Code CLI ${version ?? '(version unknown)'} at ${status.path ?? 'claude'}`;
		if (status.signIn) {
			void showMessage('info', `${found}, signed in with ${SIGN_IN_NAMES[status.signIn] ?? status.signIn}.`);
			return;
		}
		const choice = await showMessage('warning', `${found}, but not signed in: run claude once in a terminal and log in, or set ANTHROPIC_API_KEY.`, 'Sign In in a Terminal');
		if (choice && status.path) {
			// The CLI itself is the terminal's process (no shell, no command line to quote).
			vscode.window.createTerminal({ name: 'Claude sign-in', shellPath: status.path, shellArgs: [] }).show();
		}
	});
}
