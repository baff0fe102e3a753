/**
 * Public fixture types of the GitHub stand-in: what a test scripts (repositories, workflows,
 * runs, faults) and what it can inspect afterwards (request log, validation failures).
 */

/** Lifecycle phase of a run, job or step, as GitHub's REST API spells it. */
export type RunStatus = 'queued' | 'in_progress' | 'completed';

/** Outcome of a finished run, job or step. */
export type RunConclusion = 'success' | 'failure' | 'cancelled' | 'skipped' | 'neutral' | 'timed_out' | 'action_required';

/** Outcome a step is scripted to have when it finishes. */
export type StepOutcome = 'success' | 'failure' | 'skipped';

/** One scripted step of a job. Steps of a job run one after the other. */
export interface StepScript {
	readonly name: string;
	/** How long the step runs, in stand-in milliseconds. Default 1000. */
	readonly durationMs?: number;
	/** Outcome on the first attempt. Default `success`. */
	readonly outcome?: StepOutcome;
	/** Outcome on re-runs; defaults to {@link outcome}. `success` here scripts a flaky step. */
	readonly retryOutcome?: StepOutcome;
	/** Lines the step writes to the job log. */
	readonly log?: readonly string[];
}

/** One scripted job of a run. Jobs of a run start together once the run leaves the queue. */
export interface JobScript {
	readonly name: string;
	/** Default: one `Run tests` step of 1000 ms that succeeds. */
	readonly steps?: readonly StepScript[];
	/** How long the job waits for a runner after the run starts. Default 0. */
	readonly queuedMs?: number;
}

/** A repository to create. */
export interface RepoSpec {
	readonly owner: string;
	readonly name: string;
	/** Default `main`. */
	readonly defaultBranch?: string;
	/** Further branches that exist (the default branch always does). */
	readonly branches?: readonly string[];
	readonly private?: boolean;
}

/** Handle to a repository in the stand-in. */
export interface RepoHandle {
	readonly id: number;
	readonly owner: string;
	readonly name: string;
	readonly fullName: string;
	readonly defaultBranch: string;
	/** Head commit of each branch; a new run on a branch may move it with {@link RunSpec.headSha}. */
	readonly heads: Map<string, string>;
}

/** A workflow file to add to a repository. */
export interface WorkflowSpec {
	/** Path inside the repository, e.g. `.github/workflows/ci.yml`. */
	readonly path: string;
	/** Default: the YAML's `name`, else the file name. */
	readonly name?: string;
	/** The file's content, served by the contents API and read for `workflow_dispatch`. */
	readonly yaml?: string;
	/** Jobs a run of this workflow gets when the run does not script its own (e.g. a dispatch). */
	readonly jobs?: readonly JobScript[];
	readonly state?: 'active' | 'disabled_manually';
}

/** Handle to a workflow in the stand-in. */
export interface WorkflowHandle {
	readonly id: number;
	readonly repoId: number;
	readonly path: string;
	readonly name: string;
}

/** A workflow run to create. */
export interface RunSpec {
	/** The workflow: handle, id, path or file name. */
	readonly workflow: WorkflowHandle | number | string;
	/** Default `push`. */
	readonly event?: string;
	/** Default: the repository's default branch. */
	readonly branch?: string;
	/** Default: the branch head. A new SHA moves the branch head (a new push). */
	readonly headSha?: string;
	/** Default: the workflow's jobs, else one `build` job. */
	readonly jobs?: readonly JobScript[];
	/** How long the run stays queued before its jobs start. Default 1000. */
	readonly queuedMs?: number;
	/**
	 * Age of the run at creation: a run created `ageMs` ago has already advanced that far, so
	 * history (completed runs) needs no clock juggling. Default 0 (a fresh, queued run).
	 */
	readonly ageMs?: number;
	readonly displayTitle?: string;
	readonly actor?: string;
}

/** Handle to a workflow run in the stand-in. */
export interface RunHandle {
	readonly id: number;
	readonly repoId: number;
	readonly workflowId: number;
	readonly runNumber: number;
	readonly checkSuiteId: number;
	readonly headSha: string;
	readonly branch: string;
	/** Inputs a dispatch was called with. */
	readonly inputs: Readonly<Record<string, unknown>>;
}

/** An open pull request to create, from a branch of the same repository into its default branch. */
export interface PullRequestSpec {
	/** Default: the next free number of the repository. */
	readonly number?: number;
	/** The head branch; created at a fake commit when it does not exist yet. */
	readonly headBranch: string;
	/** Default `Pull request #<number>`. */
	readonly title?: string;
}

/** Handle to a pull request in the stand-in. */
export interface PullRequestHandle {
	readonly id: number;
	readonly repoId: number;
	readonly number: number;
	readonly headBranch: string;
	readonly title: string;
}

/** A check suite of another app than GitHub Actions (e.g. a CI service) on a commit. */
export interface ForeignCheckSuiteSpec {
	readonly appSlug: string;
	readonly branch?: string;
	readonly headSha?: string;
	readonly status?: RunStatus;
	readonly conclusion?: RunConclusion | null;
}

/** Which requests a fault applies to. All given criteria must match. */
export interface FaultMatch {
	readonly method?: string;
	/** Matched against the request path (without query) after the API prefix is removed. */
	readonly path?: string | RegExp;
}

/** A fault to inject into matching requests, in the order faults were added. */
export type FaultSpec =
	| { readonly kind: 'status'; readonly status: number; readonly message?: string }
	| { readonly kind: 'secondaryRateLimit'; readonly status?: 403 | 429; readonly retryAfterSeconds?: number }
	| { readonly kind: 'latency'; readonly ms: number }
	| { readonly kind: 'reset' }
	/** A 200 whose JSON body is cut short, as a proxy or a dropped stream would leave it. */
	| { readonly kind: 'malformed' };

/** Options common to every fault. */
export interface FaultOptions {
	/** How many matching requests the fault hits before it retires. Default 1; `Infinity` for all. */
	readonly times?: number;
	readonly match?: FaultMatch;
}

/** A live fault: counts the requests it hit, so tests can assert retries were bounded. */
export interface FaultHandle {
	readonly spec: FaultSpec;
	readonly hits: number;
	/** Stop injecting. */
	remove(): void;
}

/** One request as the stand-in saw it. Never holds a credential. */
export interface RequestLogEntry {
	readonly method: string;
	/** Path without the API prefix or query, e.g. `/repos/o/r/actions/runs`. */
	readonly path: string;
	readonly query: string;
	/** The OpenAPI path template the request matched, or `/graphql`, or undefined. */
	readonly route: string | undefined;
	/** HTTP status sent; -1 when an injected fault reset the connection. */
	readonly status: number;
	readonly auth: 'none' | 'valid' | 'invalid';
	readonly conditional: boolean;
	/** Rate-limit units charged (REST: 0 or 1; GraphQL: points). */
	readonly charged: number;
	/** Kind of the fault injected, if any. */
	readonly fault: FaultSpec['kind'] | undefined;
	readonly userAgent: string | undefined;
}

/** A response body that did not match GitHub's OpenAPI description. */
export interface ValidationFailure {
	readonly method: string;
	readonly path: string;
	readonly status: number;
	/** What the body was checked against, e.g. `actions/get-workflow-run 200`. */
	readonly against: string;
	readonly errors: string;
}
