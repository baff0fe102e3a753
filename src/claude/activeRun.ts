/**
 * One run while its CLI process lives: how the process is started, the numbering of its events in
 * the order the CLI printed them, and the assistant's text so far.
 */
import { Disposable } from '../common/lifecycle';
import type { RunPermissionPrompt } from './permissionBridge';
import { OutputAccumulator, workingDirectoryOf, type AgentRun, type RunEvent } from './runModel';
import type { RunQueueOptions } from './runQueueOptions';
import { ClaudeProcess, type ClaudeSpawnOptions } from './runner';

/** How the queue starts its processes. */
export type ProcessSettings = Pick<RunQueueOptions, 'claudePath' | 'env' | 'timeoutMs' | 'killGraceMs'>;

/**
 * The CLI options of a queued run: its own, its permission prompt, its budget and, for a resumed
 * run, its session.
 */
export function spawnOptionsOf(run: AgentRun, settings: ProcessSettings, permissions: RunPermissionPrompt | undefined, maxBudgetUsd: number | undefined): ClaudeSpawnOptions {
	return {
		...run.options,
		...(permissions ? { permissionPrompt: { mcpConfigPath: permissions.mcpConfigPath, tool: permissions.tool } } : {}),
		...(maxBudgetUsd !== undefined ? { maxBudgetUsd } : {}),
		...(run.origin === 'resume' && run.sessionId ? { resumeSessionId: run.sessionId } : {}),
		cwd: workingDirectoryOf(run),
		...(settings.claudePath ? { claudePath: settings.claudePath } : {}),
		...(settings.env ? { env: settings.env } : {}),
		...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
		...(settings.killGraceMs !== undefined ? { killGraceMs: settings.killGraceMs } : {}),
	};
}

/**
 * A run's process and what it has printed. `onEvent` receives each event numbered by its line,
 * in order; {@link output} already holds that event's text when it is called.
 */
export class ActiveRun extends Disposable {
	/** The CLI process; disposing the run does not stop it (the queue decides). */
	readonly process: ClaudeProcess;
	private readonly accumulator = new OutputAccumulator();
	private seq = 0;

	constructor(
		readonly runId: string,
		prompt: string,
		options: ClaudeSpawnOptions,
		now: () => Date,
		onEvent: (event: RunEvent, outputChanged: boolean) => void,
	) {
		super();
		this.process = new ClaudeProcess(prompt, options);
		this._register(
			this.process.onDidReceiveEvent((event) => {
				const e: RunEvent = { runId, seq: this.seq++, at: now().getTime(), event };
				onEvent(e, this.accumulator.apply(event));
			}),
		);
	}

	/** The assistant's text so far (its tail). */
	get output(): string {
		return this.accumulator.value;
	}
}
