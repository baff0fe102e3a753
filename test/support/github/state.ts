/**
 * The stand-in's world: repositories, workflow files, pull requests, runs and their jobs, on a
 * clock the test controls. HTTP-free, so REST routes and GraphQL resolvers read the same records.
 */
import { createHash } from 'node:crypto';
import { type AttemptFacts, type JobRecord, type JobView, type RunView, runAt } from './timeline';
import { branchMatches, parseWorkflowFile } from './workflowFile';
import type { ForeignCheckSuiteSpec, JobScript, PullRequestHandle, PullRequestSpec, RepoHandle, RepoSpec, RunConclusion, RunHandle, RunSpec, RunStatus, WorkflowHandle, WorkflowSpec } from './types';

/** A repository with everything the stand-in knows about it. */
export interface RepoRecord extends RepoHandle {
	readonly private: boolean;
	readonly createdAt: number;
	readonly files: Map<string, string>;
	readonly workflows: WorkflowRecord[];
	readonly runs: RunRecord[];
	readonly foreignSuites: ForeignSuiteRecord[];
	/** Oldest first; numbers are unique in the repository. */
	readonly pullRequests: PullRequestRecord[];
}

/** A pull request from a branch of the same repository into its default branch. */
export interface PullRequestRecord extends PullRequestHandle {
	readonly repo: RepoRecord;
	readonly createdAt: number;
	state: 'open' | 'closed';
	closedAt: number | undefined;
}

/** A workflow file and what the stand-in parsed from it. */
export interface WorkflowRecord extends WorkflowHandle {
	readonly createdAt: number;
	readonly jobs: readonly JobScript[] | undefined;
	readonly state: 'active' | 'disabled_manually';
	/** Declared `workflow_dispatch` inputs, or undefined when the workflow cannot be dispatched. */
	readonly dispatchInputs: Readonly<Record<string, { required: boolean; default: unknown }>> | undefined;
	/** The branches a push runs it on: undefined without a push trigger, null for every branch. */
	readonly pushBranches: readonly string[] | null | undefined;
	nextRunNumber: number;
}

/** A workflow run with all its attempts. */
export interface RunRecord extends RunHandle {
	readonly nodeId: string;
	readonly repo: RepoRecord;
	readonly workflow: WorkflowRecord;
	readonly event: string;
	/** Who started the run: the pusher, the dispatch's caller. */
	readonly actor: string;
	/** Who started the latest attempt: the actor, or whoever re-ran it. */
	triggeringActor: string;
	readonly displayTitle: string;
	readonly createdAt: number;
	readonly queuedMs: number;
	readonly jobScripts: readonly JobScript[];
	/** One entry per attempt, oldest first; a cancellation sets `cancelAt` on the last. */
	readonly attempts: Array<AttemptFacts & { cancelAt: number | undefined }>;
	/** Jobs of every attempt; a re-run of failed jobs only adds records for those jobs. */
	readonly jobs: JobRecord[];
	logsExpired: boolean;
}

/** A check suite of an app other than GitHub Actions. */
export interface ForeignSuiteRecord {
	readonly id: number;
	readonly appSlug: string;
	readonly headSha: string;
	readonly branch: string;
	readonly status: RunStatus;
	readonly conclusion: RunConclusion | null;
	readonly createdAt: number;
}

/** Why a mutation was refused, as GitHub words it. */
export interface Refusal {
	readonly status: number;
	readonly message: string;
}

/** Options of {@link GitHubState}. */
export interface GitHubStateOptions {
	/** Epoch ms the clock starts at. Default: now, to the second. */
	readonly startTime?: number;
	/** Move the clock with wall time as well as with `advance` (for demos). Default false. */
	readonly realTime?: boolean;
	/** How long a cancellation takes to land, as on GitHub. Default 2000. */
	readonly cancelLatencyMs?: number;
}

const DEFAULT_JOBS: readonly JobScript[] = [{ name: 'build', steps: [{ name: 'Set up job', durationMs: 500 }, { name: 'Run tests', durationMs: 2000 }] }];
const DEFAULT_YAML = 'on:\n  push:\n  workflow_dispatch:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';
/** GitHub allows 50 attempts per run. */
const MAX_ATTEMPTS = 50;

/** A stable fake commit SHA from any text. */
export function fakeSha(seed: string): string {
	return createHash('sha1').update(seed).digest('hex');
}

/** The stand-in's state and clock. */
export class GitHubState {
	readonly repos: RepoRecord[] = [];
	private offset = 0;
	private readonly base: number;
	private readonly wallStart = Date.now();
	private readonly ids = { repo: 1000, workflow: 161000, run: 7000000, job: 29000000, suite: 15000000, pullRequest: 1500000 };

	constructor(private readonly options: GitHubStateOptions = {}) {
		this.base = options.startTime ?? Math.floor(Date.now() / 1000) * 1000;
	}

	/** Current stand-in time, epoch ms. */
	now(): number {
		return this.base + this.offset + (this.options.realTime ? Date.now() - this.wallStart : 0);
	}

	/** Moves the clock forward. */
	advance(ms: number): void {
		if (!(ms >= 0)) {
			throw new Error(`advance() needs a non-negative duration, got ${ms}`);
		}
		this.offset += ms;
	}

	/** Creates a repository with its default branch (and any further branches) at a fake head commit. */
	addRepo(spec: RepoSpec): RepoRecord {
		if (this.findRepo(spec.owner, spec.name)) {
			throw new Error(`Repository ${spec.owner}/${spec.name} already exists`);
		}
		const defaultBranch = spec.defaultBranch ?? 'main';
		const fullName = `${spec.owner}/${spec.name}`;
		const heads = new Map<string, string>();
		for (const branch of [defaultBranch, ...(spec.branches ?? [])]) {
			heads.set(branch, fakeSha(`${fullName}@${branch}`));
		}
		const repo: RepoRecord = {
			id: ++this.ids.repo,
			owner: spec.owner,
			name: spec.name,
			fullName,
			defaultBranch,
			heads,
			private: spec.private ?? false,
			createdAt: this.now() - 86_400_000,
			files: new Map(),
			workflows: [],
			runs: [],
			foreignSuites: [],
			pullRequests: [],
		};
		this.repos.push(repo);
		return repo;
	}

	/** Looks a repository up by owner and name, ignoring case like GitHub. */
	findRepo(owner: string, name: string): RepoRecord | undefined {
		// GitHub resolves owner and name case-insensitively.
		const key = `${owner}/${name}`.toLowerCase();
		return this.repos.find((repo) => repo.fullName.toLowerCase() === key);
	}

	/** The repository behind a handle. @throws when there is none. */
	repoById(id: number): RepoRecord {
		const repo = this.repos.find((r) => r.id === id);
		if (!repo) {
			throw new Error(`No repository with id ${id}`);
		}
		return repo;
	}

	/** Adds a workflow file; its name and dispatch inputs come from the YAML unless given. */
	addWorkflow(repoHandle: RepoHandle, spec: WorkflowSpec): WorkflowRecord {
		const repo = this.repoById(repoHandle.id);
		const yaml = spec.yaml ?? DEFAULT_YAML;
		const parsed = parseWorkflowFile(yaml);
		const workflow: WorkflowRecord = {
			id: ++this.ids.workflow,
			repoId: repo.id,
			path: spec.path,
			// GitHub names a workflow without `name:` after its path.
			name: spec.name ?? parsed.name ?? spec.path,
			createdAt: this.now() - 3_600_000,
			jobs: spec.jobs,
			state: spec.state ?? 'active',
			dispatchInputs: parsed.dispatchInputs,
			pushBranches: parsed.pushBranches,
			nextRunNumber: 1,
		};
		repo.files.set(spec.path, yaml);
		repo.workflows.push(workflow);
		return workflow;
	}

	/** Finds a workflow by handle, id, path or file name (the REST API accepts id or file name). */
	findWorkflow(repo: RepoRecord, ref: WorkflowHandle | number | string): WorkflowRecord | undefined {
		if (typeof ref === 'object') {
			return repo.workflows.find((w) => w.id === ref.id);
		}
		const text = String(ref);
		return repo.workflows.find((w) => String(w.id) === text || w.path === text || w.path.split('/').pop() === text);
	}

	/**
	 * A push of `sha` to `branch`, as GitHub receives it: the branch moves, and every active
	 * workflow whose push trigger takes that branch gets a run on the commit, whose actor is the
	 * pusher. Returns the runs.
	 */
	push(repoHandle: RepoHandle, branch: string, sha: string, pusher = 'octocat'): RunRecord[] {
		const repo = this.repoById(repoHandle.id);
		repo.heads.set(branch, sha);
		return repo.workflows
			.filter((w) => w.state === 'active' && w.pushBranches !== undefined && (w.pushBranches === null || w.pushBranches.some((pattern) => branchMatches(pattern, branch))))
			.map((workflow) => this.addRun(repo, { workflow, branch, event: 'push', headSha: sha, actor: pusher }));
	}

	/** Creates a run (attempt 1) at the current instant, or `ageMs` earlier. */
	addRun(repoHandle: RepoHandle, spec: RunSpec, inputs: Record<string, unknown> = {}): RunRecord {
		const repo = this.repoById(repoHandle.id);
		const workflow = this.findWorkflow(repo, spec.workflow);
		if (!workflow) {
			throw new Error(`No workflow ${JSON.stringify(spec.workflow)} in ${repo.fullName}`);
		}
		const branch = spec.branch ?? repo.defaultBranch;
		if (spec.headSha) {
			repo.heads.set(branch, spec.headSha);
		}
		let headSha = repo.heads.get(branch);
		if (!headSha) {
			headSha = fakeSha(`${repo.fullName}@${branch}`);
			repo.heads.set(branch, headSha);
		}
		const createdAt = this.now() - (spec.ageMs ?? 0);
		const id = ++this.ids.run;
		const jobScripts = spec.jobs ?? workflow.jobs ?? DEFAULT_JOBS;
		const queuedMs = spec.queuedMs ?? 1000;
		const run: RunRecord = {
			id,
			nodeId: Buffer.from(`06:WorkflowRun${id}`).toString('base64'),
			repoId: repo.id,
			workflowId: workflow.id,
			runNumber: workflow.nextRunNumber++,
			checkSuiteId: ++this.ids.suite,
			headSha,
			branch,
			inputs,
			repo,
			workflow,
			event: spec.event ?? 'push',
			actor: spec.actor ?? 'octocat',
			triggeringActor: spec.actor ?? 'octocat',
			displayTitle: spec.displayTitle ?? `${workflow.name} #${workflow.nextRunNumber - 1}`,
			createdAt,
			queuedMs,
			jobScripts,
			attempts: [{ attempt: 1, createdAt, queuedMs, cancelAt: undefined }],
			jobs: [],
			logsExpired: false,
		};
		this.addJobs(run, 1, createdAt, jobScripts);
		repo.runs.push(run);
		return run;
	}

	/** Adds another app's check suite to a commit, which the overview must ignore. */
	addCheckSuite(repoHandle: RepoHandle, spec: ForeignCheckSuiteSpec): ForeignSuiteRecord {
		const repo = this.repoById(repoHandle.id);
		const branch = spec.branch ?? repo.defaultBranch;
		const suite: ForeignSuiteRecord = {
			id: ++this.ids.suite,
			appSlug: spec.appSlug,
			branch,
			headSha: spec.headSha ?? repo.heads.get(branch) ?? fakeSha(`${repo.fullName}@${branch}`),
			status: spec.status ?? 'completed',
			conclusion: spec.conclusion === undefined ? ((spec.status ?? 'completed') === 'completed' ? 'success' : null) : spec.conclusion,
			createdAt: this.now(),
		};
		repo.foreignSuites.push(suite);
		return suite;
	}

	/** Opens a pull request from `headBranch` (created at a fake commit if new) into the default branch. */
	addPullRequest(repoHandle: RepoHandle, spec: PullRequestSpec): PullRequestRecord {
		const repo = this.repoById(repoHandle.id);
		const number = spec.number ?? Math.max(0, ...repo.pullRequests.map((pr) => pr.number)) + 1;
		if (repo.pullRequests.some((pr) => pr.number === number)) {
			throw new Error(`Pull request #${number} already exists in ${repo.fullName}`);
		}
		if (spec.headBranch === repo.defaultBranch) {
			throw new Error('A pull request needs a head branch other than the default branch');
		}
		if (!repo.heads.has(spec.headBranch)) {
			repo.heads.set(spec.headBranch, fakeSha(`${repo.fullName}@${spec.headBranch}`));
		}
		const pr: PullRequestRecord = { id: ++this.ids.pullRequest, repoId: repo.id, number, headBranch: spec.headBranch, title: spec.title ?? `Pull request #${number}`, repo, createdAt: this.now(), state: 'open', closedAt: undefined };
		repo.pullRequests.push(pr);
		return pr;
	}

	/** Closes a pull request (without merging). @throws when there is none. */
	closePullRequest(repoHandle: RepoHandle, number: number): void {
		const pr = this.repoById(repoHandle.id).pullRequests.find((p) => p.number === number);
		if (!pr) {
			throw new Error(`No pull request #${number} in ${repoHandle.fullName}`);
		}
		pr.state = 'closed';
		pr.closedAt ??= this.now();
	}

	/** When a pull request last changed: its creation, closing, or the newest run on its head branch. */
	pullRequestUpdatedAt(pr: PullRequestRecord): number {
		const runs = pr.repo.runs.filter((run) => run.branch === pr.headBranch && run.createdAt <= this.now()).map((run) => run.createdAt);
		return Math.max(pr.createdAt, pr.closedAt ?? 0, ...runs);
	}

	/**
	 * The open pull requests a run belongs to, as REST's `pull_requests` lists them: those whose
	 * head is the run's branch and commit, for runs a pull request triggered.
	 */
	pullRequestsOf(run: RunRecord): PullRequestRecord[] {
		if (run.event !== 'pull_request' && run.event !== 'pull_request_target') {
			return [];
		}
		return run.repo.pullRequests.filter((pr) => pr.state === 'open' && pr.headBranch === run.branch && run.repo.heads.get(pr.headBranch) === run.headSha);
	}

	/** Finds a run in any repository. */
	findRun(id: number): RunRecord | undefined {
		for (const repo of this.repos) {
			const run = repo.runs.find((r) => r.id === id);
			if (run) {
				return run;
			}
		}
		return undefined;
	}

	/** The latest attempt of a run. */
	currentAttempt(run: RunRecord): AttemptFacts & { cancelAt: number | undefined } {
		return run.attempts[run.attempts.length - 1];
	}

	/** Latest record of each job name: what `filter=latest` lists. */
	latestJobs(run: RunRecord): JobRecord[] {
		const latest = new Map<string, JobRecord>();
		for (const job of run.jobs) {
			const seen = latest.get(job.name);
			if (!seen || seen.attempt < job.attempt) {
				latest.set(job.name, job);
			}
		}
		return [...latest.values()];
	}

	/** The run's current attempt at the stand-in's `now`. */
	view(run: RunRecord): RunView {
		return runAt(this.currentAttempt(run), this.latestJobs(run), this.now());
	}

	/** Finds a job and its current state. */
	findJob(repo: RepoRecord, jobId: number): { run: RunRecord; view: JobView } | undefined {
		for (const run of repo.runs) {
			const job = run.jobs.find((j) => j.id === jobId);
			if (job) {
				const attempt = run.attempts[job.attempt - 1];
				const view = runAt(attempt, [job], this.now()).jobs[0];
				return { run, view };
			}
		}
		return undefined;
	}

	/** Requests cancellation; it lands after the configured latency, as on GitHub. */
	cancel(run: RunRecord): Refusal | undefined {
		if (this.view(run).status === 'completed') {
			return { status: 409, message: 'Cannot cancel a workflow run that is completed.' };
		}
		const attempt = this.currentAttempt(run);
		attempt.cancelAt ??= this.now() + (this.options.cancelLatencyMs ?? 2000);
		return undefined;
	}

	/** Starts a new attempt, by `caller`, of every job or only of those that failed or were cancelled. */
	rerun(run: RunRecord, failedOnly: boolean, caller = 'octocat'): Refusal | undefined {
		const view = this.view(run);
		if (view.status !== 'completed') {
			return { status: 403, message: 'This workflow is already running' };
		}
		const redo = failedOnly ? view.jobs.filter((job) => job.conclusion !== 'success' && job.conclusion !== 'skipped') : view.jobs;
		if (redo.length === 0 || run.attempts.length >= MAX_ATTEMPTS) {
			return { status: 403, message: 'This workflow run cannot be retried' };
		}
		const attempt = run.attempts.length + 1;
		const createdAt = this.now();
		run.attempts.push({ attempt, createdAt, queuedMs: run.queuedMs, cancelAt: undefined });
		run.triggeringActor = caller;
		this.addJobs(run, attempt, createdAt, redo.map((job) => job.record.script));
		run.logsExpired = false;
		return undefined;
	}

	/** Creates a `workflow_dispatch` run by `caller` (the token's account), or says why GitHub would refuse it (422). */
	dispatch(repo: RepoRecord, workflow: WorkflowRecord, ref: unknown, inputs: unknown, caller = 'octocat'): RunRecord | Refusal {
		if (typeof ref !== 'string' || ref === '') {
			return { status: 422, message: 'Invalid request.\n\n"ref" wasn\'t supplied.' };
		}
		const branch = ref.replace(/^refs\/heads\//, '');
		if (!repo.heads.has(branch)) {
			return { status: 422, message: `No ref found for: ${ref}` };
		}
		if (!workflow.dispatchInputs) {
			return { status: 422, message: "Workflow does not have 'workflow_dispatch' trigger" };
		}
		const given = inputs && typeof inputs === 'object' ? (inputs as Record<string, unknown>) : {};
		const unexpected = Object.keys(given).filter((name) => !(name in workflow.dispatchInputs!));
		if (unexpected.length > 0) {
			return { status: 422, message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}` };
		}
		const resolved: Record<string, unknown> = {};
		for (const [name, input] of Object.entries(workflow.dispatchInputs)) {
			const value = given[name] ?? input.default;
			if (value === undefined && input.required) {
				return { status: 422, message: `Required input '${name}' not provided` };
			}
			if (value !== undefined) {
				resolved[name] = value;
			}
		}
		return this.addRun(repo, { workflow, branch, event: 'workflow_dispatch', actor: caller }, resolved);
	}

	private addJobs(run: RunRecord, attempt: number, createdAt: number, scripts: readonly JobScript[]): void {
		for (const script of scripts) {
			run.jobs.push({ id: ++this.ids.job, name: script.name, script, attempt, attemptCreatedAt: createdAt, runQueuedMs: run.queuedMs });
		}
	}
}
