/**
 * `meta-gothic agent …`: Claude runs from a shell, over the same graph and run history as the
 * extension's (per set of roots). `agent run` streams one progress line per step and exits with
 * the runs' outcome.
 */
import * as path from 'node:path';
import { SIGNAL_EXIT_CODES, type HandledSignal } from '../claude/hostExit';
import { createGateway, type CreateGatewayOptions, type MetaGothicGraph } from '../api';
import type { AgentRunEventRecord, AgentRunRecord } from '../schema/contracts/agentRuns';
import { escapeControl, escapeControlInBlock } from './terminalText';

/** Exit codes of `agent run` (also in the CLI's help). */
export const AGENT_EXIT = { SUCCEEDED: 0, FAILED: 1, BUDGET_EXCEEDED: 3, CANCELLED: 130 } as const;

/** What `agent run` was asked. */
export interface AgentRunRequest {
	repos: string[];
	prompt?: string;
	template?: string;
	worktree: boolean;
	maxBudgetUsd?: number;
	/** `--allowedTools` of the runs (the user's defaults otherwise). */
	allowedTools?: string[];
	json: boolean;
	/**
	 * Registers a listener for the reader of stdout going away (see `closedOutput.ts`), which
	 * then cancels the runs as Ctrl-C does. Passed in rather than imported: this module is in
	 * another bundle than the entry that watches stdout.
	 */
	onOutputClosed?: (listener: () => void) => { dispose(): void };
}

const RUN_FIELDS = 'id status repositoryPath prompt costUsd durationMs numTurns error result isolation worktree { path branch state changes { path status } } fleet { id }';

function short(id: string): string {
	return id.slice(0, 8);
}

/**
 * One progress line: `value` as JSON, or `text` for a person, whose control characters are
 * escaped (it quotes repository names, branches and Claude's output).
 */
function line(json: boolean, value: Record<string, unknown>, text: string): void {
	process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${escapeControl(text)}\n`);
}

function firstLine(text: string, max = 120): string {
	const l = text.split('\n').map((s) => s.trim()).find(Boolean) ?? '';
	return l.length > max ? `${l.slice(0, max - 1)}…` : l;
}

/** The exit code of a set of finished runs: the worst outcome wins. */
export function exitCodeOf(statuses: readonly string[]): number {
	if (statuses.some((s) => s === 'FAILED')) {
		return AGENT_EXIT.FAILED;
	}
	if (statuses.some((s) => s === 'CANCELLED')) {
		return AGENT_EXIT.CANCELLED;
	}
	if (statuses.some((s) => s === 'BUDGET_EXCEEDED')) {
		return AGENT_EXIT.BUDGET_EXCEEDED;
	}
	return AGENT_EXIT.SUCCEEDED;
}

async function open(options: CreateGatewayOptions): Promise<MetaGothicGraph> {
	return createGateway({ ...options, githubToken: null });
}

/**
 * `agent run`: starts one run per repository (a fleet for several), follows them to the end.
 * SIGINT, SIGTERM or SIGHUP cancels the runs (their processes are stopped, their records say
 * CANCELLED) and the command exits 130, 143 or 129; a second signal exits at once.
 */
export async function agentRun(options: CreateGatewayOptions, request: AgentRunRequest): Promise<number> {
	let interrupted: HandledSignal | undefined;
	let cancelRuns = () => {};
	// Listening before the graph opens: a signal while runs start must still cancel them.
	const interrupt = (signal: HandledSignal) => {
		if (interrupted) {
			// The exit listener of hostExit.ts kills what is still running.
			process.exit(SIGNAL_EXIT_CODES[interrupted]);
		}
		interrupted = signal;
		cancelRuns();
	};
	const signals = Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[];
	for (const signal of signals) {
		process.on(signal, interrupt);
	}
	try {
		return await followRuns(options, request, (cancel) => {
			cancelRuns = cancel;
			if (interrupted) {
				cancel();
			}
		}, () => interrupted);
	} finally {
		for (const signal of signals) {
			process.removeListener(signal, interrupt);
		}
	}
}

async function followRuns(options: CreateGatewayOptions, request: AgentRunRequest, onCancel: (cancel: () => void) => void, interrupted: () => HandledSignal | undefined): Promise<number> {
	const graph = await open(options);
	const source = graph.agentRuns;
	try {
		if (!source) {
			throw new Error('Agent runs are not available.');
		}
		const early = interrupted();
		if (early) {
			return SIGNAL_EXIT_CODES[early];
		}
		const names = new Map<string, string>();
		const mine = new Set<string>();
		const announced = new Set<string>();
		const tag = (runId: string, repositoryPath?: string) => `[${names.get(runId) ?? path.basename(repositoryPath ?? '')} ${short(runId)}]`;
		// Listening before starting: the first events of a fast run must not be missed.
		const onEvent = source.onDidReceiveEvent((e: AgentRunEventRecord) => {
			if (!mine.has(e.runId) || !e.text || (e.type !== 'assistant' && e.type !== 'stderr')) {
				return;
			}
			line(request.json, { runId: e.runId, type: e.type, text: e.text }, `${tag(e.runId)} ${firstLine(e.text)}`);
		});
		const announce = (run: AgentRunRecord) => {
			if (mine.has(run.id) && run.status === 'RUNNING' && !announced.has(run.id)) {
				announced.add(run.id);
				line(request.json, { runId: run.id, status: run.status }, `${tag(run.id, run.repositoryPath)} running${run.worktree ? ` in ${run.worktree.path} (${run.worktree.branch})` : ''}`);
			}
		};
		const onChange = source.onDidChangeRun(announce);
		const runOptions = { ...(request.worktree ? { isolation: 'WORKTREE' } : {}), ...(request.maxBudgetUsd !== undefined ? { maxBudgetUsd: request.maxBudgetUsd } : {}),
			...(request.allowedTools ? { allowedTools: request.allowedTools } : {}),
		};
		const vars = { prompt: request.prompt ?? null, template: request.template ?? null, options: runOptions };
		let ids: string[];
		if (request.repos.length === 1) {
			const result = await graph.execute({
				query: `mutation($repository: String!, $prompt: String, $template: String, $options: AgentRunOptions) { startAgentRun(repository: $repository, prompt: $prompt, template: $template, options: $options) { id } }`,
				variables: { repository: request.repos[0], ...vars },
			});
			failOn(result.errors);
			ids = [(result.data as { startAgentRun: { id: string } }).startAgentRun.id];
		} else {
			const result = await graph.execute({
				query: `mutation($repositories: [String!]!, $prompt: String, $template: String, $options: AgentRunOptions) { startAgentFleet(repositories: $repositories, prompt: $prompt, template: $template, options: $options) { id runs { id } } }`,
				variables: { repositories: request.repos, ...vars },
			});
			failOn(result.errors);
			const fleet = (result.data as { startAgentFleet: { id: string; runs: { id: string }[] } }).startAgentFleet;
			ids = fleet.runs.map((r) => r.id);
			line(request.json, { fleetId: fleet.id, runIds: ids }, `fleet ${short(fleet.id)}: ${ids.length} runs`);
		}
		for (const id of ids) {
			mine.add(id);
			const run = source.get(id);
			names.set(id, path.basename(run?.repositoryPath ?? ''));
			if (run?.status === 'RUNNING') {
				announce(run);
			} else {
				line(request.json, { runId: id, status: run?.status, repositoryPath: run?.repositoryPath }, `${tag(id)} ${run?.status.toLowerCase() ?? 'started'}`);
			}
		}
		const cancel = () => ids.forEach((id) => void source.cancel(id).catch(() => undefined));
		onCancel(cancel);
		// A reader that stops reading (`| head`) cancels the runs too: their processes would outlive an exit.
		const outputClosed = request.onOutputClosed?.(cancel);
		let finals: AgentRunRecord[];
		try {
			finals = await Promise.all(ids.map((id) => source.whenFinished(id)));
		} finally {
			outputClosed?.dispose();
			onEvent.dispose();
			onChange.dispose();
		}
		for (const run of finals) {
			const detail = await graph.execute({ query: `query($id: ID!) { agentRun(id: $id) { ${RUN_FIELDS} } }`, variables: { id: run.id } });
			const record = (detail.data as { agentRun: Record<string, unknown> & { worktree: { path: string; branch: string; changes: { path: string }[] } | null } }).agentRun;
			const cost = run.costUsd != null ? ` $${run.costUsd.toFixed(4)}` : '';
			const why = run.error ? `: ${firstLine(run.error)}` : '';
			const wt = record.worktree ? `; ${record.worktree.changes.length} file(s) changed on ${record.worktree.branch} (review: meta-gothic agent show ${short(run.id)})` : '';
			line(request.json, { run: record }, `${tag(run.id, run.repositoryPath)} ${run.status}${cost}${why}${wt}`);
		}
		const signal = interrupted();
		return signal ? SIGNAL_EXIT_CODES[signal] : exitCodeOf(finals.map((r) => r.status));
	} finally {
		await source?.shutdown();
		graph.dispose();
	}
}

function failOn(errors: readonly { message: string; extensions?: Record<string, unknown> }[] | undefined): void {
	if (errors?.length) {
		const code = errors[0].extensions?.code;
		throw new Error(`${code ? `${String(code)}: ` : ''}${errors.map((e) => e.message).join('; ')}`);
	}
}

/** `agent list`: the newest runs of these roots' history. */
export async function agentList(options: CreateGatewayOptions, json: boolean): Promise<number> {
	const graph = await open({ ...options, scan: false });
	try {
		await graph.agentRuns?.ready;
		const result = await graph.execute({ query: `{ agentRuns(first: 50) { id status repositoryPath prompt costUsd createdAt worktree { branch state } fleet { id } } }` });
		failOn(result.errors);
		const runs = (result.data as { agentRuns: Array<{ id: string; status: string; repositoryPath: string; prompt: string; costUsd: number | null; createdAt: string; worktree: { branch: string; state: string } | null }> }).agentRuns;
		if (json) {
			process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
		} else if (runs.length === 0) {
			process.stdout.write('No agent runs yet.\n');
		} else {
			for (const r of runs) {
				const cost = r.costUsd != null ? `$${r.costUsd.toFixed(4)}` : '-';
				const wt = r.worktree ? ` [${escapeControl(r.worktree.branch)} ${r.worktree.state.toLowerCase()}]` : '';
				// Escaped before padding, so an escaped name keeps its column.
				process.stdout.write(`${short(r.id)}  ${r.status.padEnd(15)} ${escapeControl(path.basename(r.repositoryPath)).padEnd(16)} ${cost.padStart(9)}  ${escapeControl(firstLine(r.prompt, 60))}${wt}\n`);
			}
		}
		return 0;
	} finally {
		await graph.agentRuns?.shutdown();
		graph.dispose();
	}
}

/** A run by its id or a unique prefix of it (the 8 characters `list` shows). */
function resolveId(graph: MetaGothicGraph, idOrPrefix: string): string {
	const matches = (graph.agentRuns?.runs ?? []).filter((r) => r.id === idOrPrefix || r.id.startsWith(idOrPrefix));
	if (matches.length !== 1) {
		throw new Error(matches.length === 0 ? `No agent run ${idOrPrefix}` : `${idOrPrefix} names ${matches.length} runs: give more of the id`);
	}
	return matches[0].id;
}

/** `agent show ID`: one run, its worktree's changes, and its transcript. */
export async function agentShow(options: CreateGatewayOptions, idOrPrefix: string, json: boolean): Promise<number> {
	const graph = await open(options);
	try {
		await graph.agentRuns?.ready;
		const id = resolveId(graph, idOrPrefix);
		const result = await graph.execute({ query: `query($id: ID!) { agentRun(id: $id) { ${RUN_FIELDS} events { type text } } }`, variables: { id } });
		failOn(result.errors);
		const run = (result.data as { agentRun: Record<string, unknown> & { events: { type: string; text: string | null }[]; worktree: { branch: string; state: string; path: string; changes: { path: string; status: string }[] } | null } }).agentRun;
		if (json) {
			process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
			return 0;
		}
		const facts = ['status', 'repositoryPath', 'isolation', 'costUsd', 'durationMs', 'numTurns', 'error'].filter((k) => run[k] != null).map((k) => `${k}: ${escapeControlInBlock(String(run[k]))}`);
		process.stdout.write(`run ${escapeControl(id)}\n${facts.join('\n')}\nprompt: ${escapeControlInBlock(String(run.prompt))}\n`);
		if (run.worktree) {
			process.stdout.write(`worktree: ${escapeControl(run.worktree.path)} (${escapeControl(run.worktree.branch)}, ${run.worktree.state.toLowerCase()})\n`);
			for (const c of run.worktree.changes) {
				process.stdout.write(`  ${c.status.padEnd(10)} ${escapeControl(c.path)}\n`);
			}
		}
		process.stdout.write('\n');
		for (const e of run.events.filter((ev) => ev.text)) {
			// A transcript is many lines: its line feeds stay, every other control is escaped.
			process.stdout.write(`${e.type}: ${escapeControlInBlock(e.text ?? '')}\n`);
		}
		return 0;
	} finally {
		await graph.agentRuns?.shutdown();
		graph.dispose();
	}
}

/**
 * `agent cancel ID`: a run still queued or running in this history. A run belongs to the process
 * that started it, which stops it on exit (Ctrl-C there); from here only the record can be read.
 */
export async function agentCancel(options: CreateGatewayOptions, idOrPrefix: string): Promise<number> {
	const graph = await open({ ...options, scan: false });
	try {
		await graph.agentRuns?.ready;
		const id = resolveId(graph, idOrPrefix);
		const run = graph.agentRuns?.get(id);
		if (run && run.status !== 'QUEUED' && run.status !== 'RUNNING') {
			process.stderr.write(`Run ${short(id)} has already ended (${run.status}).\n`);
			return 1;
		}
		const result = await graph.execute({ query: 'mutation($id: ID!) { cancelAgentRun(id: $id) { status } }', variables: { id } });
		failOn(result.errors);
		process.stdout.write(`Run ${short(id)}: ${(result.data as { cancelAgentRun: { status: string } }).cancelAgentRun.status}\n`);
		return 0;
	} finally {
		await graph.agentRuns?.shutdown();
		graph.dispose();
	}
}

/** `agent merge ID [--merge-commit]` and `agent discard ID`: review a WORKTREE run's work. */
export async function agentReview(options: CreateGatewayOptions, idOrPrefix: string, action: 'merge' | 'discard', mergeCommit: boolean): Promise<number> {
	const graph = await open(options);
	try {
		await graph.agentRuns?.ready;
		const id = resolveId(graph, idOrPrefix);
		const result =
			action === 'merge'
				? await graph.execute({ query: 'mutation($id: ID!, $mode: AgentMergeMode) { mergeAgentRun(id: $id, mode: $mode) { worktree { branch state mergeCommit } } }', variables: { id, mode: mergeCommit ? 'MERGE_COMMIT' : 'FAST_FORWARD' } })
				: await graph.execute({ query: 'mutation($id: ID!) { discardAgentRun(id: $id) { worktree { branch state } } }', variables: { id } });
		failOn(result.errors);
		const wt = Object.values(result.data as Record<string, { worktree: { branch: string; state: string; mergeCommit?: string | null } }>)[0].worktree;
		process.stdout.write(`${escapeControl(wt.branch)}: ${wt.state.toLowerCase()}${wt.mergeCommit ? ` (${wt.mergeCommit.slice(0, 8)})` : ''}\n`);
		return 0;
	} finally {
		await graph.agentRuns?.shutdown();
		graph.dispose();
	}
}
