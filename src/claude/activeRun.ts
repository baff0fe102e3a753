/**
 * One run while its CLI process lives: how the process is started, the numbering of its events in
 * the order the CLI printed them, the assistant's text so far, and the joining of its stream
 * deltas (deltaCoalescer.ts) so that a fast stream reaches the faces a few times a second.
 */
import { Disposable } from '../common/lifecycle';
import { DeltaCoalescer } from './deltaCoalescer';
import type { RunPermissionPrompt } from './permissionBridge';
import { OutputAccumulator, workingDirectoryOf, type AgentRun, type RunEvent } from './runModel';
import type { RunQueueOptions } from './runQueueOptions';
import { ClaudeProcess, type ClaudeSpawnOptions } from './runner';

/** How the queue starts its processes. */
export type ProcessSettings = Pick<RunQueueOptions, 'claudePath' | 'env' | 'timeoutMs' | 'killGraceMs'>;

/**
 * The CLI options of a queued run: its own, its permission prompt, its budget and, for a resumed
 * run, its session. Text streams token by token (`--include-partial-messages`) unless the run's
 * options turn it off.
 */
export function spawnOptionsOf(run: AgentRun, settings: ProcessSettings, permissions: RunPermissionPrompt | undefined, maxBudgetUsd: number | undefined): ClaudeSpawnOptions {
	return {
		...run.options,
		includePartialMessages: run.options.includePartialMessages ?? true,
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
 * A run's process and what it has printed. `onEvent` receives each event numbered by its line
 * (deltas of one block joined, numbered as the last of them) and in order; {@link output} already
 * holds that event's text when it is called.
 */
export class ActiveRun extends Disposable {
	/** The CLI process; disposing the run does not stop it (the queue decides). */
	readonly process: ClaudeProcess;
	private readonly accumulator = new OutputAccumulator();
	private seq = 0;
	private readonly deltas: DeltaCoalescer;

	constructor(
		readonly runId: string,
		prompt: string,
		options: ClaudeSpawnOptions,
		now: () => Date,
		onEvent: (event: RunEvent, outputChanged: boolean) => void,
	) {
		super();
		this.process = new ClaudeProcess(prompt, options);
		this.deltas = this._register(new DeltaCoalescer((e) => onEvent(e, this.accumulator.apply(e.event))));
		this._register(this.process.onDidReceiveEvent((event) => this.deltas.push({ runId, seq: this.seq++, at: now().getTime(), event })));
	}

	/** The assistant's text so far (its tail). */
	get output(): string {
		return this.accumulator.value;
	}

	/** Hands on the deltas still held: call it once the process has printed its last line. */
	flush(): void {
		this.deltas.flush();
	}
}
