/**
 * GitHub Actions for every repository of the workspace, as the workflows subschema reads it:
 * local repositories mapped to GitHub repositories by their remotes, a cache kept current by the
 * poller, and the writes (dispatch, cancel, re-run) that update it. Reads answer from the cache;
 * only a first look at something (a run list, workflow files, jobs) asks GitHub.
 */
import { Emitter } from '../common/event';
import { Disposable, type IDisposable, toDisposable } from '../common/lifecycle';
import type {
	DispatchRequest,
	DispatchResultRecord,
	GitHubActorRecord,
	GitHubRepositoryInfo,
	WorkflowInputRecord,
	WorkflowJobRecord,
	WorkflowRecord,
	WorkflowRunRecord,
	WorkflowsSource,
	WorkflowsStatusRecord,
} from '../schema/contracts/workflows';
import { SourceError, type GitHubErrorCode, type UnavailableRecord } from '../schema/contracts/sourceError';
import { downloadJobLogs, readWorkflowDispatch } from './actions';
import { type Clock, systemClock } from './clock';
import { GitHubConnection } from './githubConnection';
import type { GitHubClient } from './octokit';
import type { GitHubPoller, PollerOptions } from './poller';
import { type LocalRepositories, type MappedRepository, RepoMapping } from './repoMapping';
import { type CachedRun, fetchJobs, fetchRun, fetchRuns, fetchViewer, fetchWorkflows, inputRecord } from './restReads';
import { RunStore } from './runStore';
import { atGitHubEdge } from './sourceErrors';
import { cancelRun, dispatchWorkflow, findWorkflow, rerunRun } from './workflowActions';
import { type AvailabilityInputs, NOT_CONNECTED, staleReasonOf, statusOf, unavailableOf } from './workflowsAvailability';

/** Options of a {@link GitHubWorkflowsModel}. */
export interface GitHubWorkflowsModelOptions {
	readonly repos: LocalRepositories;
	/**
	 * Makes the client; resolves undefined when there is no credential. Called once, and again
	 * after GitHub rejected the token or on {@link GitHubWorkflowsModel.reconnect}.
	 */
	readonly createClient: () => Promise<GitHubClient | undefined>;
	/** Remotes on this host map to GitHub repositories. Default `github.com`. */
	readonly host?: string;
	readonly poll?: PollerOptions;
	/** `unavailableReason` while there is no credential. */
	readonly notConnectedReason?: string;
}

/** A write the model ran, for notifications and the log. */
export interface WorkflowOperation {
	readonly kind: 'dispatch' | 'cancel' | 'rerun';
	readonly repositoryPath: string;
	readonly runId: string | undefined;
	/** Set when it failed. */
	readonly error: string | undefined;
}

/** `unavailableReason` after GitHub answered 401. */
export { TOKEN_REJECTED } from './workflowsAvailability';

/** See the module comment. */
export class GitHubWorkflowsModel extends Disposable implements WorkflowsSource {
	private readonly _onDidChangeRun = this._register(new Emitter<WorkflowRunRecord>());
	readonly onDidChangeRun = this._onDidChangeRun.event;
	private readonly _onDidChangeStatus = this._register(new Emitter<void>());
	/** `unavailableReason` or the stale notice changed. */
	readonly onDidChangeStatus = this._onDidChangeStatus.event;
	private readonly _onDidRunOperation = this._register(new Emitter<WorkflowOperation>());
	/** A dispatch, cancel or re-run finished, successfully or not. */
	readonly onDidRunOperation = this._onDidRunOperation.event;

	readonly store = new RunStore();
	private readonly mapping: RepoMapping;
	private readonly clock: Clock;
	private readonly host: string;
	private readonly connection: GitHubConnection;
	private readonly inFlight = new Map<string, Promise<unknown>>();
	/** Per client, so another credential (a reconnect) reads its own account. */
	private readonly viewers = new WeakMap<GitHubClient, Promise<GitHubActorRecord>>();
	private lastStatus = '';

	constructor(private readonly options: GitHubWorkflowsModelOptions) {
		super();
		this.host = options.host ?? 'github.com';
		this.clock = options.poll?.clock ?? systemClock;
		this.mapping = new RepoMapping(options.repos, this.host);
		this._register(this.store);
		const targets = () => this.mapping.all().map((r) => ({ slug: r.slug, owner: r.owner, name: r.name, paths: r.paths }));
		this.connection = this._register(new GitHubConnection(options.createClient, this.store, targets, options.poll));
		this._register(this.connection.onDidChange(() => this.checkStatus()));
		this._register(
			this.store.onDidChangeRun((run) => {
				const path = this.mapping.forSlug(run.slug)?.paths[0];
				if (path) {
					this._onDidChangeRun.fire(toRecord(run, path));
				}
			}),
		);
		if (options.repos.onDidChangeRepositories) {
			this._register(options.repos.onDidChangeRepositories(() => this.poller?.targetsChanged()));
		}
		// Before the first scan there is nothing to poll; the scan's change event starts it then.
		void this.connection.connect().then(() => {
			if (this.mapping.all().length > 0) {
				this.poller?.start();
			}
		});
	}

	/** The local repositories the model maps to GitHub. */
	get repositories(): LocalRepositories {
		return this.options.repos;
	}

	/** The poller, once connected: stats for the log and the benchmark, `watch` for views. */
	get poller(): GitHubPoller | undefined {
		return this.connection.poller;
	}

	/** Not connected, token rejected, rate limited, or (with nothing cached) why GitHub failed; null when usable. */
	get unavailableReason(): string | null {
		return this.unavailable()?.reason ?? null;
	}

	/** {@link unavailableReason} with its code, and when a rate limit lifts. */
	private unavailable(): (UnavailableRecord<GitHubErrorCode> & { retryAt?: Date }) | null {
		return unavailableOf(this.availabilityInputs());
	}

	private availabilityInputs(): AvailabilityInputs {
		return { connection: this.connection, clock: this.clock, hasData: this.store.hasData, notConnectedReason: this.options.notConnectedReason };
	}

	/** What {@link GitHubConnection.use} reports when there is no client. */
	private readonly whyNot = (): UnavailableRecord<GitHubErrorCode> => this.unavailable() ?? { code: 'SIGNED_OUT', reason: NOT_CONNECTED };

	/** Set while polls fail but earlier results are still shown. */
	get staleReason(): string | null {
		return staleReasonOf(this.connection, this.unavailableReason);
	}

	/** Availability, freshness and the rate-limit budgets, for a status bar or a view's header. */
	status(): WorkflowsStatusRecord {
		return statusOf(this.availabilityInputs());
	}

	/** Polls now (connecting first, or again after a rejected token); never rejects. */
	async refresh(): Promise<void> {
		if (this.connection.state === 'rejected' || this.connection.state === 'none') {
			await this.reconnect();
			return;
		}
		await this.connection.connect();
		await this.poller?.refresh();
	}

	/** Drops the client and makes a new one (the account or token changed); keeps nothing cached. */
	async reconnect(): Promise<void> {
		this.connection.disconnect();
		this.store.clear();
		await this.connection.connect();
		await this.poller?.refresh();
	}

	/** Stops polling while the window is not focused. */
	pause(): void {
		this.connection.pause();
	}

	/** Polls again after {@link pause}, at once if a cycle is overdue. */
	resume(): void {
		this.connection.resume();
	}

	/** Keeps a repository's runs fresh every few seconds while it is open in a view. */
	watch(repositoryPath: string): IDisposable {
		this.connection.watch(repositoryPath);
		return toDisposable(() => this.connection.unwatch(repositoryPath));
	}

	async repositoriesByPath(paths: readonly string[]): Promise<ReadonlyArray<GitHubRepositoryInfo | null>> {
		return paths.map((path) => {
			const mapped = this.mapping.forPath(path);
			if (!mapped) {
				return null;
			}
			const entry = this.store.peek(mapped.slug);
			return {
				repositoryPath: path,
				owner: mapped.owner,
				name: mapped.name,
				defaultBranch: entry?.defaultBranch ?? null,
				url: `https://${mapped.host}/${mapped.owner}/${mapped.name}`,
				error: entry && !entry.found ? entry.error : null,
			};
		});
	}

	latestRun(repositoryPath: string): WorkflowRunRecord | null {
		const mapped = this.mapping.forPath(repositoryPath);
		const run = mapped && this.store.latest(mapped.slug);
		return run ? toRecord(run, repositoryPath) : null;
	}

	recentRuns(first: number): readonly WorkflowRunRecord[] {
		const repos = this.mapping.all();
		const primary = new Map(repos.map((r) => [r.slug, r.paths[0]]));
		return this.store.recent(primary.keys(), first).map((run) => toRecord(run, primary.get(run.slug) as string));
	}

	async runs(repositoryPath: string, options: { first: number; branch?: string | null }): Promise<readonly WorkflowRunRecord[]> {
		const mapped = this.require(repositoryPath);
		const branch = options.branch ?? null;
		if (options.first === 0) {
			return [];
		}
		const cached = this.store.list(mapped.slug, branch, options.first, this.clock.now(), this.idleMs);
		if (cached) {
			return cached.map((run) => toRecord(run, repositoryPath));
		}
		const perPage = options.first <= 20 ? 20 : 100;
		await this.once(`runs ${mapped.slug} ${branch ?? ''} ${perPage}`, async (client) => {
			this.store.setList(mapped.slug, branch, perPage, await fetchRuns(client.octokit, mapped, { perPage, branch }), this.clock.now());
		});
		return (this.store.list(mapped.slug, branch, options.first, this.clock.now(), Infinity) ?? []).map((run) => toRecord(run, repositoryPath));
	}

	async workflows(repositoryPath: string): Promise<readonly WorkflowRecord[]> {
		const mapped = this.require(repositoryPath);
		const entry = this.store.repo(mapped.slug);
		if (!this.isFresh(entry.workflows, entry.headSha)) {
			await this.once(`workflows ${mapped.slug}`, async (client) => {
				entry.workflows = { items: await fetchWorkflows(client.octokit, mapped), fetchedAt: this.clock.now(), headSha: entry.headSha };
			});
		}
		return (entry.workflows?.items ?? []).map((w) => ({ ...w, repositoryPath }));
	}

	async dispatchInputs(repositoryPath: string, workflowPath: string): Promise<readonly WorkflowInputRecord[] | null> {
		const mapped = this.require(repositoryPath);
		const entry = this.store.repo(mapped.slug);
		if (!this.isFresh(entry.dispatchInputs.get(workflowPath), entry.headSha)) {
			await this.once(`inputs ${mapped.slug} ${workflowPath}`, async (client) => {
				const info = await readWorkflowDispatch(client.octokit, { owner: mapped.owner, repo: mapped.name, path: workflowPath, ...(entry.defaultBranch ? { ref: entry.defaultBranch } : {}) });
				entry.dispatchInputs.set(workflowPath, { inputs: info.dispatchable ? info.inputs.map(inputRecord) : null, fetchedAt: this.clock.now(), headSha: entry.headSha });
			});
		}
		return entry.dispatchInputs.get(workflowPath)?.inputs ?? null;
	}

	async jobs(repositoryPath: string, runId: string): Promise<readonly WorkflowJobRecord[]> {
		const mapped = this.require(repositoryPath);
		const cached = this.store.jobs(runId);
		if (cached) {
			return cached;
		}
		await this.once(`jobs ${runId}`, async (client) => {
			const updatedAt = this.store.run(runId)?.updatedAt ?? '';
			this.store.setJobs(runId, await fetchJobs(client.octokit, mapped, runId), updatedAt);
		});
		return this.store.jobs(runId) ?? [];
	}

	async run(repositoryPath: string, runId: string): Promise<WorkflowRunRecord | null> {
		const mapped = this.require(repositoryPath);
		const cached = this.store.run(runId);
		if (cached) {
			return cached.slug === mapped.slug ? toRecord(cached, repositoryPath) : null;
		}
		await this.once(`run ${runId}`, async (client) => {
			const run = await fetchRun(client.octokit, mapped, runId);
			if (run) {
				this.store.upsertRun(run);
			}
		});
		const run = this.store.run(runId);
		return run && run.slug === mapped.slug ? toRecord(run, repositoryPath) : null;
	}

	async jobLog(repositoryPath: string, jobId: string): Promise<string> {
		const mapped = this.require(repositoryPath);
		if (!/^\d+$/.test(jobId)) {
			throw new SourceError('GITHUB', 'BAD_USER_INPUT', `'${jobId}' is not a job id.`);
		}
		// Not cached: a log grows while its job runs, and is read only when someone opens it.
		return atGitHubEdge(() => this.connection.use((client) => downloadJobLogs(client.octokit, { owner: mapped.owner, repo: mapped.name, jobId: Number(jobId) }), this.whyNot));
	}

	expectPush(repositoryPath: string, headSha: string): void {
		const mapped = this.mapping.forPath(repositoryPath);
		if (mapped) {
			this.poller?.expectPush(mapped, headSha);
		}
	}

	async viewer(): Promise<GitHubActorRecord | null> {
		const client = await this.connection.connect();
		if (!client) {
			return null;
		}
		let read = this.viewers.get(client);
		if (!read) {
			read = atGitHubEdge(() => this.connection.use((c) => fetchViewer(c.octokit), this.whyNot));
			this.viewers.set(client, read);
			// A failure is not kept: the next query asks again.
			read.catch(() => this.viewers.delete(client));
		}
		return read;
	}

	async dispatch(repositoryPath: string, request: DispatchRequest): Promise<DispatchResultRecord> {
		return this.operation('dispatch', repositoryPath, async (client, mapped) => {
			const workflows = await this.workflows(repositoryPath);
			const workflow = findWorkflow(workflows, request.workflow);
			if (!workflow) {
				throw new SourceError('GITHUB', 'NOT_FOUND', `${mapped.owner}/${mapped.name} has no workflow '${request.workflow}'. It has: ${workflows.map((w) => w.path).join(', ') || 'none'}.`);
			}
			const ref = request.ref || this.store.peek(mapped.slug)?.defaultBranch;
			if (!ref) {
				throw new SourceError('GITHUB', 'BAD_USER_INPUT', `The default branch of ${mapped.owner}/${mapped.name} is not known yet; give a ref.`);
			}
			const run = await dispatchWorkflow({ octokit: client.octokit, repo: mapped, store: this.store }, workflow, ref, request.inputs ?? {});
			if (!run) {
				this.poller?.expectDispatch(mapped, workflow.id, ref);
			}
			return { repositoryPath, workflow: workflow.name, ref, run: run ? toRecord(run, repositoryPath) : null };
		});
	}

	async cancelRun(repositoryPath: string, runId: string): Promise<WorkflowRunRecord> {
		return this.operation('cancel', repositoryPath, async (client, mapped) => toRecord(await cancelRun({ octokit: client.octokit, repo: mapped, store: this.store }, runId), repositoryPath), runId);
	}

	async rerunRun(repositoryPath: string, runId: string, options: { failedOnly: boolean }): Promise<WorkflowRunRecord> {
		return this.operation('rerun', repositoryPath, async (client, mapped) => toRecord(await rerunRun({ octokit: client.octokit, repo: mapped, store: this.store }, runId, options.failedOnly), repositoryPath), runId);
	}

	/** Runs a write: fires {@link onDidRunOperation} in `finally`, and polls fast afterwards. */
	private async operation<T>(kind: WorkflowOperation['kind'], repositoryPath: string, fn: (client: GitHubClient, mapped: MappedRepository) => Promise<T>, runId?: string): Promise<T> {
		let error: string | undefined;
		try {
			const mapped = this.require(repositoryPath);
			const result = await atGitHubEdge(() => this.connection.use((client) => fn(client, mapped), this.whyNot));
			this.poller?.boost();
			return result;
		} catch (err) {
			error = err instanceof Error ? err.message : String(err);
			throw err;
		} finally {
			this._onDidRunOperation.fire({ kind, repositoryPath, runId, error });
		}
	}

	private get idleMs(): number {
		return this.options.poll?.idleIntervalMs ?? 60_000;
	}

	/** Cached data is fresh while the default branch head it was read at is still the head, or for an idle interval. */
	private isFresh(cached: { readonly fetchedAt: number; readonly headSha: string | null } | undefined, headSha: string | null): boolean {
		return cached !== undefined && ((headSha !== null && cached.headSha === headSha) || this.clock.now() - cached.fetchedAt < this.idleMs);
	}

	private require(repositoryPath: string): MappedRepository {
		const mapped = this.mapping.forPath(repositoryPath);
		if (!mapped) {
			throw new SourceError('GITHUB', 'NOT_FOUND', `${repositoryPath} is not a repository with a remote on ${this.host}.`);
		}
		return mapped;
	}

	/** Shares one request among callers asking for the same thing at once (a query asks per field). */
	private once(key: string, fn: (client: GitHubClient) => Promise<void>): Promise<unknown> {
		let pending = this.inFlight.get(key);
		if (!pending) {
			pending = atGitHubEdge(() => this.connection.use(fn, this.whyNot)).finally(() => this.inFlight.delete(key));
			this.inFlight.set(key, pending);
		}
		return pending;
	}

	private checkStatus(): void {
		const key = `${this.unavailableReason}\n${this.staleReason}\n${this.connection.paused}`;
		if (key !== this.lastStatus) {
			this.lastStatus = key;
			this._onDidChangeStatus.fire();
		}
	}
}

/** A cached run as the graph's record for one local repository. */
function toRecord(run: CachedRun, repositoryPath: string): WorkflowRunRecord {
	const { slug: _slug, workflowId: _workflowId, ...record } = run;
	return { ...record, repositoryPath };
}
