/**
 * Fix with Claude as a sequence of steps the graph exposes one by one: prepare (read the failed
 * jobs' logs and the workflow file, find the local checkout, build the prompt) and start an agent
 * run; then continue it, discard its edits, or accept them (commit, push). Nothing is committed or
 * pushed except by `accept`, and a cancelled or discarded fix leaves the working tree as it found
 * it: a fix runs only in a clean checkout, so every change in it is the agent's.
 *
 * Rounds: a fix whose pushed commit (or branch) fails again may be fixed once more, up to
 * `maxRounds`; a run on a commit or branch a fix pushed continues that fix's count, so a loop of
 * push → fail → fix can never run unbounded.
 */
import { Emitter, type Event } from '../../common/event';
import { Disposable } from '../../common/lifecycle';
import type { AgentRunRecord, AgentRunsSource } from '../contracts/agentRuns';
import type { FlowGit, FlowSettings } from '../contracts/flows';
import type { ReposOperations, ReposSource } from '../contracts/repos';
import { isSourceError, SourceError } from '../contracts/sourceError';
import type { WorkflowRunRecord, WorkflowsSource } from '../contracts/workflows';
import { renderFixPrompt, type FixFailure } from './fixPrompt';
import { FAILED_CONCLUSIONS, failedJobs, readWorkflowFile, throwIfAborted, workflowPathOf } from './failureEvidence';

/** Where a fix's agent works. */
export type FixCheckout = 'IN_PLACE' | 'ELSEWHERE' | 'GIVEN';

/** The step a fix is at. */
export type WorkflowFixStatus = 'NEEDS_CHECKOUT' | 'PREPARED' | 'RUNNING' | 'REVIEW' | 'FAILED' | 'CANCELLED' | 'DISCARDED' | 'COMMITTED' | 'PUSHED';

/** One Fix with Claude, as the graph reports it. A new object on every change. */
export interface WorkflowFixRecord {
	id: string;
	repositoryPath: string;
	runId: string;
	runNumber: number;
	workflowName: string;
	runUrl: string;
	/** The run's branch and head commit. */
	branch: string | null;
	commit: string | null;
	round: number;
	maxRounds: number;
	workflowPath: string | null;
	checkout: FixCheckout;
	/** Where the agent works; null while a checkout at the run's commit is still needed. */
	workingDirectory: string | null;
	/** The local checkout's commit when the fix was prepared. */
	localHeadSha: string | null;
	/** The branch a fresh worktree for this fix would get: `fix/<workflow>-<run>`. */
	suggestedBranch: string;
	failures: FixFailure[];
	prompt: string;
	/** The agent runs of this fix, oldest first (a follow-up resumes the last). */
	agentRunIds: string[];
	status: WorkflowFixStatus;
	/** What the agent changed, repository-relative, once it finished. */
	changedPaths: string[];
	commitSha: string | null;
	pushed: boolean;
	/** Why the last step failed (its code and message); null when it did not. */
	error: { code: string; message: string } | null;
	createdAt: number;
}

/** Arguments of {@link WorkflowFixes.fix}. */
export interface FixRequest {
	runId: string;
	repository?: string | null;
	/** A checkout at the run's commit (a worktree) to work in instead of the repository itself. */
	workingDirectory?: string | null;
	/** False: prepare only (the prompt, the checkout), start no agent. */
	start?: boolean;
}

const ENDED: ReadonlySet<WorkflowFixStatus> = new Set(['CANCELLED', 'DISCARDED', 'PUSHED']);

/** `fix/<workflow>-<run>`, with the workflow's name made a valid branch name. */
export function fixBranchName(workflowName: string, runNumber: number | string): string {
	const slug = workflowName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').replace(/\.{2,}/g, '.') || 'workflow';
	return `fix/${slug}-${runNumber}`;
}

function errorOf(err: unknown): { code: string; message: string } {
	return isSourceError(err) ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/** Which chain of fixes a commit or branch belongs to. */
interface Chain {
	round: number;
}

/** Everything a {@link WorkflowFixes} reads and drives. */
export interface WorkflowFixesDeps {
	repos: ReposSource;
	workflows: WorkflowsSource;
	agentRuns: AgentRunsSource;
	operations: () => ReposOperations | undefined;
	git: FlowGit | undefined;
	settings: () => FlowSettings;
}

/** The fixes of one graph. See the module comment. */
export class WorkflowFixes extends Disposable {
	private readonly fixes = new Map<string, WorkflowFixRecord>();
	/** Commits and branches fixes pushed, with their round. */
	private readonly chainsByCommit = new Map<string, Chain>();
	private readonly chainsByBranch = new Map<string, Chain>();
	private nextId = 1;
	private readonly _onDidChangeFix = this._register(new Emitter<WorkflowFixRecord>());
	/** Fires with the new record whenever a fix moves, or a run its push triggered changes. */
	readonly onDidChangeFix: Event<WorkflowFixRecord> = this._onDidChangeFix.event;

	constructor(private readonly deps: WorkflowFixesDeps) {
		super();
		this._register(deps.agentRuns.onDidChangeRun((run) => void this.onAgentRun(run)));
		this._register(
			deps.workflows.onDidChangeRun((run) => {
				for (const fix of this.fixes.values()) {
					if (fix.pushed && fix.commitSha && run.headSha === fix.commitSha) {
						this._onDidChangeFix.fire(fix);
					}
				}
			}),
		);
	}

	get(id: string): WorkflowFixRecord | undefined {
		return this.fixes.get(id);
	}

	list(): WorkflowFixRecord[] {
		return [...this.fixes.values()].reverse();
	}

	/** The runs the fix's push triggered, newest first. */
	followUpRuns(fix: WorkflowFixRecord): WorkflowRunRecord[] {
		if (!fix.pushed || !fix.commitSha) {
			return [];
		}
		return this.deps.workflows.recentRuns(500).filter((r) => r.headSha === fix.commitSha);
	}

	/** Prepares a fix of a failed run and, when there is a clean checkout at its commit, starts the agent. */
	async fix(request: FixRequest, signal?: AbortSignal): Promise<WorkflowFixRecord> {
		const settings = this.deps.settings();
		const repositoryPath = this.repositoryOf(request);
		const run = await this.deps.workflows.run(repositoryPath, request.runId);
		if (!run) {
			throw new SourceError('GITHUB', 'NOT_FOUND', `No workflow run ${request.runId} in ${repositoryPath}`);
		}
		if (run.status !== 'COMPLETED' || !run.conclusion || !FAILED_CONCLUSIONS.has(run.conclusion)) {
			throw new SourceError('GITHUB', 'CONFLICT', `Run #${run.runNumber} of ${run.workflowName} has not failed (${(run.conclusion ?? run.status).toLowerCase()}): there is nothing to fix.`);
		}
		const active = [...this.fixes.values()].find((f) => f.runId === run.id && (f.status === 'RUNNING' || f.status === 'REVIEW'));
		if (active) {
			throw new SourceError('CLAUDE', 'CONFLICT', `Run #${run.runNumber} is already being fixed: review, discard or accept that fix first.`);
		}
		const chain = (run.headSha ? this.chainsByCommit.get(run.headSha) : undefined) ?? (run.branch ? this.chainsByBranch.get(run.branch) : undefined);
		const round = (chain?.round ?? 0) + 1;
		if (round > settings.maxRounds) {
			throw new SourceError('CLAUDE', 'ROUND_LIMIT', `Fix with Claude already ran ${settings.maxRounds} round${settings.maxRounds === 1 ? '' : 's'} on ${run.workflowName} here; fix the rest by hand or raise metaGothic.flows.maxRounds.`);
		}
		throwIfAborted(signal);
		const failures = await failedJobs(this.deps.workflows, repositoryPath, run, settings, signal);
		throwIfAborted(signal);
		const workflowPath = await workflowPathOf(this.deps.workflows, repositoryPath, run);
		const workflowFile = workflowPath ? await readWorkflowFile(this.deps.git, repositoryPath, workflowPath, run.headSha, signal) : null;
		throwIfAborted(signal);

		const local = this.deps.repos.get(repositoryPath);
		let checkout: FixCheckout;
		let workingDirectory: string | null;
		if (request.workingDirectory) {
			const given = this.deps.repos.get(request.workingDirectory) ?? (await this.deps.repos.refresh(request.workingDirectory, signal).catch(() => undefined));
			if (given && (given.changes.length > 0 || given.submoduleChanges.length > 0)) {
				throw new SourceError('REPOS', 'LOCAL_CHANGES_OVERWRITTEN', `${request.workingDirectory} has changes of its own: a fix runs only in a clean checkout.`);
			}
			checkout = 'GIVEN';
			workingDirectory = request.workingDirectory;
		} else if (local && run.headSha && local.headSha === run.headSha && local.changes.length === 0 && local.submoduleChanges.length === 0) {
			checkout = 'IN_PLACE';
			workingDirectory = repositoryPath;
		} else {
			checkout = 'ELSEWHERE';
			workingDirectory = null;
		}
		const fix: WorkflowFixRecord = {
			id: String(this.nextId++),
			repositoryPath,
			runId: run.id,
			runNumber: run.runNumber,
			workflowName: run.workflowName,
			runUrl: run.url,
			branch: run.branch,
			commit: run.headSha,
			round,
			maxRounds: settings.maxRounds,
			workflowPath,
			checkout,
			workingDirectory,
			localHeadSha: local?.headSha ?? null,
			suggestedBranch: fixBranchName(run.workflowName, run.runNumber),
			failures,
			prompt: renderFixPrompt(settings.fixPrompt, { repository: local?.name ?? repositoryPath, workflow: run.workflowName, workflowPath, workflowFile, commit: run.headSha, branch: run.branch, runUrl: run.url, round, failures }),
			agentRunIds: [],
			status: workingDirectory ? 'PREPARED' : 'NEEDS_CHECKOUT',
			changedPaths: [],
			commitSha: null,
			pushed: false,
			error: null,
			createdAt: Date.now(),
		};
		this.fixes.set(fix.id, fix);
		if (workingDirectory && request.start !== false) {
			throwIfAborted(signal);
			// Edits land in the fix's own checkout and are reviewed before anything is committed.
			const agentRun = await this.deps.agentRuns.start(workingDirectory, fix.prompt, settings.fixAcceptsEdits ? { permissionMode: 'acceptEdits' } : undefined);
			return this.update(fix.id, { agentRunIds: [agentRun.id], status: 'RUNNING' });
		}
		this._onDidChangeFix.fire(fix);
		return fix;
	}

	/** Sends the agent a follow-up in the same session, on the fix's edits so far. */
	async continueFix(id: string, prompt: string): Promise<WorkflowFixRecord> {
		const fix = this.require(id, ['REVIEW', 'FAILED']);
		const last = fix.agentRunIds[fix.agentRunIds.length - 1];
		if (!last) {
			throw new SourceError('CLAUDE', 'CONFLICT', 'This fix has no agent run to continue.');
		}
		const run = await this.deps.agentRuns.resume(last, prompt);
		return this.update(id, { agentRunIds: [...fix.agentRunIds, run.id], status: 'RUNNING', error: null });
	}

	/** Stops the agent (if it runs) and puts back everything it changed. */
	async cancel(id: string): Promise<WorkflowFixRecord> {
		const fix = this.require(id, ['NEEDS_CHECKOUT', 'PREPARED', 'RUNNING', 'REVIEW', 'FAILED']);
		const last = fix.agentRunIds[fix.agentRunIds.length - 1];
		if (fix.status === 'RUNNING' && last) {
			const run = this.deps.agentRuns.get(last);
			if (run && (run.status === 'RUNNING' || run.status === 'QUEUED')) {
				// Marked first, so the run's CANCELLED event does not move the fix to a state of its own.
				this.update(id, { status: 'CANCELLED' });
				// Resolves once the process is gone, so nothing writes after the edits are put back.
				await this.deps.agentRuns.cancel(last).catch(() => undefined);
			}
		}
		await this.restoreAgentEdits(fix);
		return this.update(id, { status: 'CANCELLED', changedPaths: [] });
	}

	/** Puts back everything the agent changed. */
	async discard(id: string, signal?: AbortSignal): Promise<WorkflowFixRecord> {
		const fix = this.require(id, ['REVIEW', 'FAILED', 'CANCELLED']);
		await this.restoreAgentEdits(fix, signal);
		return this.update(id, { status: 'DISCARDED', changedPaths: [] });
	}

	/**
	 * Commits the agent's changes with `message` and, unless `push` is false, pushes them (setting
	 * the upstream of a new branch). A failed push keeps the commit: the fix stays COMMITTED with
	 * the push's error, and `accept` again pushes it.
	 */
	async accept(id: string, message: string, push: boolean, signal?: AbortSignal): Promise<WorkflowFixRecord> {
		let fix = this.require(id, ['REVIEW', 'FAILED', 'COMMITTED']);
		const operations = this.deps.operations();
		if (!operations) {
			throw new SourceError('REPOS', 'UNTRUSTED', 'Repositories are read-only here: trust the workspace to commit the fix.');
		}
		const cwd = fix.workingDirectory as string;
		if (fix.status !== 'COMMITTED') {
			if (!message.trim()) {
				throw new SourceError('REPOS', 'BAD_USER_INPUT', 'The commit message is empty.');
			}
			const sha = await operations.commit(cwd, message, { signal });
			const committed = sha ?? this.deps.repos.get(cwd)?.headSha ?? null;
			const branch = this.deps.repos.get(cwd)?.branch ?? fix.branch;
			if (committed) {
				this.chainsByCommit.set(committed, { round: fix.round });
			}
			if (branch) {
				this.chainsByBranch.set(branch, { round: fix.round });
			}
			fix = this.update(id, { status: 'COMMITTED', commitSha: committed, error: null });
		}
		if (!push) {
			return fix;
		}
		try {
			await operations.push(cwd, { setUpstream: true, signal });
		} catch (err) {
			return this.update(id, { error: errorOf(err) });
		}
		return this.update(id, { status: 'PUSHED', pushed: true, error: null });
	}

	private repositoryOf(request: FixRequest): string {
		if (request.repository) {
			if (!this.deps.repos.get(request.repository)) {
				throw new SourceError('REPOS', 'NOT_FOUND', `No repository at ${request.repository}`);
			}
			return request.repository;
		}
		const known = this.deps.workflows.recentRuns(500).find((r) => r.id === request.runId);
		if (!known) {
			throw new SourceError('REPOS', 'NOT_FOUND', `Run ${request.runId} is not among the recent runs of any repository here: name its repository.`);
		}
		return known.repositoryPath;
	}

	private async onAgentRun(run: AgentRunRecord): Promise<void> {
		const fix = [...this.fixes.values()].find((f) => f.agentRunIds[f.agentRunIds.length - 1] === run.id);
		if (!fix || fix.status !== 'RUNNING' || (run.status !== 'SUCCEEDED' && run.status !== 'FAILED' && run.status !== 'CANCELLED')) {
			return;
		}
		const state = fix.workingDirectory ? await this.deps.repos.refresh(fix.workingDirectory).catch(() => undefined) : undefined;
		const changedPaths = state ? state.changes.map((c) => c.path) : [];
		if (this.fixes.get(fix.id)?.status !== 'RUNNING') {
			return;
		}
		const status: WorkflowFixStatus = run.status === 'SUCCEEDED' ? 'REVIEW' : run.status === 'CANCELLED' ? 'CANCELLED' : 'FAILED';
		this.update(fix.id, { status, changedPaths, error: run.status === 'FAILED' ? { code: 'CLI_FAILED', message: run.error ?? 'The agent run failed.' } : null });
	}

	private async restoreAgentEdits(fix: WorkflowFixRecord, signal?: AbortSignal): Promise<void> {
		if (!fix.workingDirectory || fix.agentRunIds.length === 0) {
			return;
		}
		const state = await this.deps.repos.refresh(fix.workingDirectory, signal);
		const paths = state?.changes.flatMap((c) => (c.originalPath ? [c.path, c.originalPath] : [c.path])) ?? [];
		if (paths.length === 0) {
			return;
		}
		if (!this.deps.git) {
			throw new SourceError('REPOS', 'UNTRUSTED', 'The agent’s edits cannot be put back here.');
		}
		await this.deps.git.restore(fix.workingDirectory, paths, signal);
	}

	private require(id: string, states: readonly WorkflowFixStatus[]): WorkflowFixRecord {
		const fix = this.fixes.get(id);
		if (!fix) {
			throw new SourceError('CLAUDE', 'NOT_FOUND', `No fix ${id}`);
		}
		if (!states.includes(fix.status)) {
			throw new SourceError('CLAUDE', 'CONFLICT', `The fix is ${fix.status.toLowerCase().replace('_', ' ')}: it cannot do that now.`);
		}
		return fix;
	}

	private update(id: string, patch: Partial<WorkflowFixRecord>): WorkflowFixRecord {
		const next = { ...(this.fixes.get(id) as WorkflowFixRecord), ...patch };
		this.fixes.set(id, next);
		this._onDidChangeFix.fire(next);
		return next;
	}

	/** True when the fix has reached an end (nothing more can be done with it). */
	static isEnded(fix: WorkflowFixRecord): boolean {
		return ENDED.has(fix.status);
	}
}
