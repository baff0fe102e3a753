import { Emitter, type Event } from '../../common/event';
import { Disposable, type IDisposable } from '../../common/lifecycle';
import type {
	DispatchRequest, DispatchResultRecord, GitHubActorRecord, GitHubRepositoryInfo, WorkflowInputRecord, WorkflowJobRecord, WorkflowRecord, WorkflowRunRecord,
	WorkflowsSource, WorkflowsStatusRecord,
} from '../contracts/workflows';

/** A workflows source that may also say when its availability changes (the GitHub model does). */
export type WorkflowsSourceWithStatus = WorkflowsSource & { readonly onDidChangeStatus?: Event<void> };

/**
 * A workflows source that forwards every call to another one, which can be swapped while the
 * graph runs. The graph's resolvers hold their source for the schema's lifetime, so the
 * extension builds the graph over this and plugs the GitHub model in when the workspace
 * becomes trusted, without a reload. Subscriptions keep working across the swap: they listen
 * to this source's `onDidChangeRun`, which follows whichever source is current. It does not
 * own the sources it forwards to: whoever makes one disposes it.
 */
export class SwitchableWorkflows extends Disposable implements WorkflowsSource {
	private readonly _onDidChangeRun = this._register(new Emitter<WorkflowRunRecord>());
	readonly onDidChangeRun = this._onDidChangeRun.event;
	private readonly _onDidChangeStatus = this._register(new Emitter<void>());
	/** The current source's availability changed, or another source took its place. */
	readonly onDidChangeStatus = this._onDidChangeStatus.event;
	private _current: WorkflowsSourceWithStatus;
	private forwarding: IDisposable[] = [];

	constructor(initial: WorkflowsSourceWithStatus) {
		super();
		this._current = initial;
		this.follow(initial);
	}

	/** The source calls go to now. */
	get current(): WorkflowsSource {
		return this._current;
	}

	/** Sends every later call to `source`; fires {@link onDidChangeStatus} so faces read again. */
	use(source: WorkflowsSourceWithStatus): void {
		if (this.isDisposed || source === this._current) {
			return;
		}
		this._current = source;
		this.follow(source);
		this._onDidChangeStatus.fire();
	}

	private follow(source: WorkflowsSourceWithStatus): void {
		this.unfollow();
		this.forwarding = [
			source.onDidChangeRun((run) => this._onDidChangeRun.fire(run)),
			...(source.onDidChangeStatus ? [source.onDidChangeStatus(() => this._onDidChangeStatus.fire())] : []),
		];
	}

	private unfollow(): void {
		for (const d of this.forwarding) {
			d.dispose();
		}
		this.forwarding = [];
	}

	get unavailableReason(): string | null {
		return this._current.unavailableReason;
	}

	repositoriesByPath(paths: readonly string[]): Promise<ReadonlyArray<GitHubRepositoryInfo | null>> {
		return this._current.repositoriesByPath(paths);
	}

	latestRun(repositoryPath: string): WorkflowRunRecord | null {
		return this._current.latestRun(repositoryPath);
	}

	runs(repositoryPath: string, options: { first: number; branch?: string | null }): Promise<readonly WorkflowRunRecord[]> {
		return this._current.runs(repositoryPath, options);
	}

	recentRuns(first: number): readonly WorkflowRunRecord[] {
		return this._current.recentRuns(first);
	}

	workflows(repositoryPath: string): Promise<readonly WorkflowRecord[]> {
		return this._current.workflows(repositoryPath);
	}

	dispatchInputs(repositoryPath: string, workflowPath: string): Promise<readonly WorkflowInputRecord[] | null> {
		return this._current.dispatchInputs(repositoryPath, workflowPath);
	}

	jobs(repositoryPath: string, runId: string): Promise<readonly WorkflowJobRecord[]> {
		return this._current.jobs(repositoryPath, runId);
	}

	run(repositoryPath: string, runId: string): Promise<WorkflowRunRecord | null> {
		return this._current.run(repositoryPath, runId);
	}

	jobLog(repositoryPath: string, jobId: string): Promise<string> {
		return this._current.jobLog(repositoryPath, jobId);
	}

	dispatch(repositoryPath: string, request: DispatchRequest): Promise<DispatchResultRecord> {
		return this._current.dispatch(repositoryPath, request);
	}

	cancelRun(repositoryPath: string, runId: string): Promise<WorkflowRunRecord> {
		return this._current.cancelRun(repositoryPath, runId);
	}

	rerunRun(repositoryPath: string, runId: string, options: { failedOnly: boolean }): Promise<WorkflowRunRecord> {
		return this._current.rerunRun(repositoryPath, runId, options);
	}

	expectPush(repositoryPath: string, headSha: string): void {
		this._current.expectPush(repositoryPath, headSha);
	}

	viewer(): Promise<GitHubActorRecord | null> {
		return this._current.viewer();
	}

	status(): WorkflowsStatusRecord {
		return this._current.status();
	}

	override dispose(): void {
		this.unfollow();
		super.dispose();
	}
}
