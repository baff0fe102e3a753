/**
 * What {@link ClaudeAgentRuns} (agentRunsModel.ts) is built with: the settings that may change
 * while runs exist, and the parts fixed for its life (storage, git, trust, worktrees).
 */
import type { AgentWorktreeSource } from '../schema/contracts/agentRuns';
import type { CommitMessageGit } from './commitMessageInput';
import type { PermissionServerLaunch } from './permissionBridge';
import type { AgentRunOptions, RunIsolation } from './runModel';

/** Settings that may change while runs exist (see {@link ClaudeAgentRuns.configure}). */
export interface ClaudeAgentRunsSettings {
	/** The CLI; `claude` on `PATH` when absent. */
	readonly claudePath?: string;
	/** Complete environment of the CLI processes; `process.env` when absent. */
	readonly env?: NodeJS.ProcessEnv;
	/** Runs at once (3 when absent). */
	readonly concurrency?: number;
	/** A run still going after this long is stopped and FAILED. */
	readonly timeoutMs?: number;
	/** Options every run starts with (model, turn limit, permission mode, tools, cost cap). */
	readonly defaults?: AgentRunOptions;
	/** Where a run works unless it says otherwise (`IN_PLACE` when absent). */
	readonly isolation?: RunIsolation;
	/** What all runs together may cost per day; no cap when absent or 0. */
	readonly dailyBudgetUsd?: number;
	/** Prompt templates from the user's settings, by name. */
	readonly prompts?: Readonly<Record<string, string>>;
	/** Seconds a permission request waits before it is denied (300 when absent). */
	readonly permissionTimeoutSeconds?: number;
	/** False: runs are refused unallowed tools at once, as the CLI does alone; true when absent. */
	readonly permissionPrompts?: boolean;
}

/** Options of {@link ClaudeAgentRuns}. */
export interface ClaudeAgentRunsOptions extends ClaudeAgentRunsSettings {
	/** Folder of the history (`runs.json`) and the per-run event logs; created on first write. */
	readonly storageDir: string;
	/** Git, for reading the changes a commit message describes (share the model's `Git` pool). */
	readonly git: CommitMessageGit;
	/** False in an untrusted workspace: history stays readable, but no process is ever started. */
	readonly trusted?: boolean;
	/** Which paths runs may start in; every folder when absent. */
	readonly isRepository?: (absolutePath: string) => boolean;
	/** Time between SIGTERM and SIGKILL when a run is stopped. */
	readonly killGraceMs?: number;
	/** Runs kept in the history (200 when absent). */
	readonly maxRuns?: number;
	/** Worktrees for `WORKTREE` runs; without, such runs are refused. */
	readonly worktrees?: AgentWorktreeSource;
	/** The workspace folders whose `.vscode/meta-gothic/prompts/` hold templates. */
	readonly templateRoots?: () => readonly string[];
	/**
	 * How to start the permission prompt server (dist/permissionPrompt.js). With it, a tool a run
	 * was not allowed waits in {@link ClaudeAgentRuns.permissions} for an answer; without it the
	 * CLI refuses such tools on its own.
	 */
	readonly permissionServer?: PermissionServerLaunch;
}
