import * as path from 'node:path';
import * as vscode from 'vscode';
import { ClaudeAgentRuns, type ClaudeAgentRunsSettings } from '../../claude/agentRunsModel';
import type { RunIsolation } from '../../claude/runModel';
import type { PermissionMode } from '../../claude/runner';
import { GitAgentWorktrees } from '../../git/agentWorktrees';
import type { GitModel } from '../../git/model';

/**
 * The `metaGothic.claude.*` settings as agent run settings. An empty path falls back to
 * `META_GOTHIC_CLAUDE_PATH` (as the CLI does), then to `claude` on `PATH`.
 */
export function readClaudeSettings(): ClaudeAgentRunsSettings {
	const c = vscode.workspace.getConfiguration('metaGothic.claude');
	const permissionMode = c.get<PermissionMode>('permissionMode', 'default');
	const maxTurns = c.get<number | null>('maxTurns', null);
	const allowedTools = c.get<string[]>('allowedTools', []);
	const model = c.get<string | null>('model', null);
	const maxBudgetUsd = c.get<number>('maxBudgetUsd', 0);
	return {
		isolation: c.get<RunIsolation>('isolation', 'IN_PLACE') === 'WORKTREE' ? 'WORKTREE' : 'IN_PLACE',
		dailyBudgetUsd: c.get<number>('dailyBudgetUsd', 0),
		prompts: c.get<Record<string, string>>('prompts', {}),
		claudePath: c.get<string | null>('path', null) || process.env.META_GOTHIC_CLAUDE_PATH || undefined,
		concurrency: c.get<number>('concurrency', 3),
		timeoutMs: c.get<number>('timeoutMinutes', 30) * 60_000,
		permissionPrompts: c.get<boolean>('permissionPrompts', true),
		permissionTimeoutSeconds: c.get<number>('permissionTimeoutSeconds', 300),
		defaults: {
			...(model ? { model } : {}),
			...(maxTurns ? { maxTurns } : {}),
			// `default` is what the CLI does without the flag; leave the flag out then.
			...(permissionMode && permissionMode !== 'default' ? { permissionMode } : {}),
			...(allowedTools.length ? { allowedTools } : {}),
			...(maxBudgetUsd > 0 ? { maxBudgetUsd } : {}),
		},
	};
}

/**
 * The agent runs source for the graph. History lives in the workspace's storage folder (the
 * global one for an empty window). Pass `trusted: false` in an untrusted workspace: history is
 * shown, but no process is started until {@link registerAgentRuns} sees trust granted.
 */
export function createAgentRunsSource(context: vscode.ExtensionContext, trusted: boolean, git: GitModel): ClaudeAgentRuns {
	const storage = context.storageUri ?? context.globalStorageUri;
	return new ClaudeAgentRuns({
		...readClaudeSettings(),
		storageDir: path.join(storage.fsPath, 'agent-runs'),
		git: git.git,
		trusted,
		// WORKTREE runs work in the extension's storage, never in the user's tree.
		worktrees: new GitAgentWorktrees({ git: git.git, parentDir: path.join(storage.fsPath, 'worktrees'), repositories: () => git.repositories.map((r) => r.path) }),
		templateRoots: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
		// The CLI of each run starts the permission prompt server with VS Code's own runtime, as Node.
		permissionServer: { command: process.execPath, args: [context.asAbsolutePath(path.join('dist', 'permissionPrompt.js'))], env: { ELECTRON_RUN_AS_NODE: '1' } },
		// Runs start only in repositories the workspace shows, never in an arbitrary folder.
		isRepository: (p) => git.get(p) !== undefined,
	});
}
