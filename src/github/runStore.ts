/**
 * The cache behind the workflows graph: what GitHub last said about each repository, its runs,
 * run lists, workflow files and jobs. Everything the graph reads is answered from here; the
 * poller and the mutations write to it, and it fires an event when a run appears or changes
 * status or conclusion.
 */
import { Emitter } from '../common/event';
import type { WorkflowInputRecord, WorkflowJobRecord } from '../schema/contracts/workflows';
import type { OpenPullRequest, RepoOverview } from './overviewQuery';
import { type CachedRun, type CachedWorkflow, runFromOverview } from './restReads';

/** A run list as fetched: ids newest first, and what the repository looked like then. */
interface RunList {
	readonly ids: readonly string[];
	readonly perPage: number;
	readonly fetchedAt: number;
	readonly version: number;
}

/** Everything cached about one GitHub repository. */
export interface RepoEntry {
	readonly slug: string;
	/** When the overview last covered it. */
	overviewAt: number | undefined;
	/** False when GitHub could not resolve it; `error` says why. */
	found: boolean;
	error: string | null;
	defaultBranch: string | null;
	headSha: string | null;
	/** Open pull requests the last overview listed: the next one reads their heads' runs. */
	pullRequests: readonly OpenPullRequest[];
	/** Bumped whenever a run the cache did not know appears: its cached lists may miss it. */
	version: number;
	readonly runs: Map<string, CachedRun>;
	readonly lists: Map<string, RunList>;
	workflows: { readonly items: readonly CachedWorkflow[]; readonly fetchedAt: number; readonly headSha: string | null } | undefined;
	readonly dispatchInputs: Map<string, { readonly inputs: readonly WorkflowInputRecord[] | null; readonly fetchedAt: number; readonly headSha: string | null }>;
}

/** Jobs of a run as fetched, and the run's `updatedAt` then: a later update makes them stale. */
interface JobsEntry {
	readonly jobs: readonly WorkflowJobRecord[];
	readonly runUpdatedAt: string;
}

/** Runs kept per repository; the oldest finished runs no list shows go first. */
const MAX_RUNS_PER_REPO = 300;
/** Runs whose jobs are kept. */
const MAX_JOBS_ENTRIES = 200;

const time = (iso: string) => Date.parse(iso) || 0;
const newestFirst = (a: CachedRun, b: CachedRun) => time(b.createdAt) - time(a.createdAt) || Number(b.id) - Number(a.id);

/** See the module comment. */
export class RunStore {
	private readonly _onDidChangeRun = new Emitter<CachedRun>();
	/** A run appeared, or its status or conclusion changed. */
	readonly onDidChangeRun = this._onDidChangeRun.event;
	private readonly repos = new Map<string, RepoEntry>();
	private readonly runIndex = new Map<string, CachedRun>();
	private readonly jobsByRun = new Map<string, JobsEntry>();

	/** True once anything has been learned from GitHub. */
	get hasData(): boolean {
		return [...this.repos.values()].some((entry) => entry.overviewAt !== undefined || entry.runs.size > 0);
	}

	/** The entry of a repository, created empty on first use. */
	repo(slug: string): RepoEntry {
		let entry = this.repos.get(slug);
		if (!entry) {
			entry = { slug, overviewAt: undefined, found: true, error: null, defaultBranch: null, headSha: null, pullRequests: [], version: 0, runs: new Map(), lists: new Map(), workflows: undefined, dispatchInputs: new Map() };
			this.repos.set(slug, entry);
		}
		return entry;
	}

	/** The entry if the repository was ever seen. */
	peek(slug: string): RepoEntry | undefined {
		return this.repos.get(slug);
	}

	run(id: string): CachedRun | undefined {
		return this.runIndex.get(id);
	}

	/**
	 * Stores what GitHub said about a run. An answer older than the one held is ignored, so a
	 * slow response cannot roll a run back. Returns true when the run is new or its status or
	 * conclusion changed (and the event fired).
	 */
	upsertRun(run: CachedRun): boolean {
		const entry = this.repo(run.slug);
		const known = entry.runs.get(run.id);
		if (known) {
			const older = time(run.updatedAt) < time(known.updatedAt);
			// Sources can disagree for a moment at the same instant; finished wins over unfinished.
			const regress = time(run.updatedAt) === time(known.updatedAt) && known.status === 'COMPLETED' && run.status !== 'COMPLETED';
			if (older || regress) {
				return false;
			}
		}
		const merged: CachedRun = known ? { ...run, workflowName: run.workflowName || known.workflowName, workflowId: run.workflowId ?? known.workflowId, branch: run.branch ?? known.branch, headSha: run.headSha ?? known.headSha, actor: run.actor ?? known.actor, triggeringActor: run.triggeringActor ?? known.triggeringActor } : run;
		entry.runs.set(run.id, merged);
		this.runIndex.set(run.id, merged);
		if (!known) {
			entry.version++;
			this.prune(entry);
		}
		if (!known || known.status !== merged.status || known.conclusion !== merged.conclusion) {
			this._onDidChangeRun.fire(merged);
			return true;
		}
		return false;
	}

	/** Forgets a run GitHub no longer has. */
	removeRun(id: string): void {
		const run = this.runIndex.get(id);
		if (run) {
			this.runIndex.delete(id);
			this.repos.get(run.slug)?.runs.delete(id);
			this.jobsByRun.delete(id);
		}
	}

	/**
	 * Applies one overview poll: the default branch heads' runs and those of open pull requests'
	 * heads. Returns the ids of the runs it carried (fresh as of now).
	 */
	applyOverview(overviews: readonly { slug: string; overview: RepoOverview }[], now: number): Set<string> {
		const seen = new Set<string>();
		for (const { slug, overview } of overviews) {
			const entry = this.repo(slug);
			const latestBefore = this.latest(slug);
			let latestFired = false;
			entry.overviewAt = now;
			entry.found = overview.found;
			entry.error = overview.found ? null : (overview.error ?? 'GitHub could not resolve the repository.');
			entry.defaultBranch = overview.defaultBranch ?? null;
			if (entry.headSha !== (overview.headSha ?? null)) {
				// A new head can change workflow files and their inputs.
				entry.headSha = overview.headSha ?? null;
				entry.version++;
			}
			entry.pullRequests = overview.pullRequests;
			for (const run of overview.runs) {
				latestFired = this.upsertRun(runFromOverview(slug, run, entry.defaultBranch, entry.headSha)) || latestFired;
				seen.add(String(run.id));
			}
			for (const head of overview.pullRequestRuns) {
				for (const run of head.runs) {
					this.upsertRun(runFromOverview(slug, run, head.branch, head.headSha));
					seen.add(String(run.id));
				}
			}
			// Runs listed before the first overview were not anyone's latest (the default branch
			// was unknown); now one is, though none of them changed. Health and the views read the
			// latest run, so say it changed, or a red run stays out of the status bar until the next
			// transition somewhere.
			const latestAfter = this.latest(slug);
			if (latestAfter && latestAfter !== latestBefore && !latestFired) {
				this._onDidChangeRun.fire(latestAfter);
			}
		}
		return seen;
	}

	/** Newest run on the default branch, once the overview said which branch that is. */
	latest(slug: string): CachedRun | undefined {
		const entry = this.repos.get(slug);
		if (!entry?.defaultBranch) {
			return undefined;
		}
		let latest: CachedRun | undefined;
		for (const run of entry.runs.values()) {
			if (run.branch === entry.defaultBranch && (!latest || newestFirst(run, latest) < 0)) {
				latest = run;
			}
		}
		return latest;
	}

	/** Runs that have not finished, in the given repositories. */
	unfinished(slugs: Iterable<string>): CachedRun[] {
		const out: CachedRun[] = [];
		for (const slug of slugs) {
			for (const run of this.repos.get(slug)?.runs.values() ?? []) {
				if (run.status !== 'COMPLETED') {
					out.push(run);
				}
			}
		}
		return out;
	}

	/** The newest `first` runs across the given repositories. */
	recent(slugs: Iterable<string>, first: number): CachedRun[] {
		const all: CachedRun[] = [];
		for (const slug of slugs) {
			all.push(...(this.repos.get(slug)?.runs.values() ?? []));
		}
		return all.sort(newestFirst).slice(0, first);
	}

	/** Stores a fetched run list (and its runs). */
	setList(slug: string, branch: string | null, perPage: number, runs: readonly CachedRun[], now: number): void {
		for (const run of runs) {
			this.upsertRun(run);
		}
		const entry = this.repo(slug);
		entry.lists.set(branch ?? '', { ids: runs.map((r) => r.id), perPage, fetchedAt: now, version: entry.version });
	}

	/**
	 * The first `first` runs of a cached list, or undefined when there is none that is complete
	 * enough, fresh (younger than `maxAgeMs`) and made since the last new run appeared.
	 */
	list(slug: string, branch: string | null, first: number, now: number, maxAgeMs: number): CachedRun[] | undefined {
		const entry = this.repos.get(slug);
		const list = entry?.lists.get(branch ?? '');
		if (!entry || !list || list.perPage < first || list.version !== entry.version || now - list.fetchedAt >= maxAgeMs) {
			return undefined;
		}
		return list.ids
			.slice(0, first)
			.map((id) => entry.runs.get(id))
			.filter((run): run is CachedRun => run !== undefined);
	}

	/** Cached jobs of a run, while the run has not changed since they were read. */
	jobs(runId: string): readonly WorkflowJobRecord[] | undefined {
		const cached = this.jobsByRun.get(runId);
		const run = this.runIndex.get(runId);
		return cached && (!run || cached.runUpdatedAt === run.updatedAt) ? cached.jobs : undefined;
	}

	/** Runs whose jobs someone read and that changed since: the poller reads them again. */
	staleJobs(slugs: ReadonlySet<string>): CachedRun[] {
		const out: CachedRun[] = [];
		for (const [id, cached] of this.jobsByRun) {
			const run = this.runIndex.get(id);
			if (run && slugs.has(run.slug) && cached.runUpdatedAt !== run.updatedAt) {
				out.push(run);
			}
		}
		return out;
	}

	setJobs(runId: string, jobs: readonly WorkflowJobRecord[], runUpdatedAt: string): void {
		this.jobsByRun.delete(runId);
		this.jobsByRun.set(runId, { jobs, runUpdatedAt });
		while (this.jobsByRun.size > MAX_JOBS_ENTRIES) {
			this.jobsByRun.delete(this.jobsByRun.keys().next().value as string);
		}
	}

	/** Forgets cached jobs, e.g. after a re-run started new ones. */
	dropJobs(runId: string): void {
		this.jobsByRun.delete(runId);
	}

	/** Forgets everything (sign-out, another account). */
	clear(): void {
		this.repos.clear();
		this.runIndex.clear();
		this.jobsByRun.clear();
	}

	dispose(): void {
		this._onDidChangeRun.dispose();
	}

	private prune(entry: RepoEntry): void {
		if (entry.runs.size <= MAX_RUNS_PER_REPO) {
			return;
		}
		const listed = new Set([...entry.lists.values()].flatMap((list) => list.ids));
		const latest = this.latest(entry.slug)?.id;
		const candidates = [...entry.runs.values()].filter((run) => run.status === 'COMPLETED' && !listed.has(run.id) && run.id !== latest).sort(newestFirst);
		while (entry.runs.size > MAX_RUNS_PER_REPO && candidates.length > 0) {
			const oldest = candidates.pop() as CachedRun;
			entry.runs.delete(oldest.id);
			this.runIndex.delete(oldest.id);
			this.jobsByRun.delete(oldest.id);
		}
	}
}
