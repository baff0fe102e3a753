/**
 * Ship everything: commit many repositories with their messages, submodules first (so each parent
 * records its submodules' new commits), push them all (submodules before the parents that point at
 * them), and follow the CI runs those pushes triggered. Every repository ends with its own
 * outcome; a rejected push keeps its commit, so nothing is lost.
 */
import { Emitter, type Event } from '../../common/event';
import { Disposable } from '../../common/lifecycle';
import { redact } from '../../common/redact';
import type { CommitOutcome, ReposOperations, ReposSource } from '../contracts/repos';
import { isSourceError, SourceError } from '../contracts/sourceError';
import type { WorkflowRunRecord, WorkflowsSource } from '../contracts/workflows';

/** How one step of one repository ended. */
export type ShipStepStatus = 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

/** The CI state of one shipped repository, from the runs its push triggered. */
export type ShipCiStatus = 'NOT_PUSHED' | 'WAITING' | 'RUNNING' | 'PASSED' | 'FAILED';

/** One step's outcome. */
export interface ShipStepRecord {
	status: ShipStepStatus;
	error: { code: string; message: string } | null;
}

/** One repository of a ship. */
export interface ShipRowRecord {
	repositoryPath: string;
	commit: ShipStepRecord;
	/** The commit made, or the one a pointer-only parent commit made. */
	sha: string | null;
	push: ShipStepRecord;
	/** The commit the remote got, which the triggered runs are matched by. */
	pushedSha: string | null;
}

/** One ship. */
export interface ShipRecord {
	id: string;
	rows: ShipRowRecord[];
	createdAt: number;
}

/** One repository's commit in a ship. */
export interface ShipCommit {
	repository: string;
	message: string;
}

const SKIPPED: ShipStepRecord = { status: 'SKIPPED', error: null };

function errorOf(err: unknown): { code: string; message: string } {
	return isSourceError(err) ? { code: err.code, message: err.message } : { code: 'GIT_FAILED', message: redact(err instanceof Error ? err.message : String(err)) };
}

function commitStep(outcome: CommitOutcome | undefined): ShipStepRecord {
	if (!outcome || outcome.status === 'skipped') {
		return SKIPPED;
	}
	return outcome.status === 'committed' ? { status: 'SUCCEEDED', error: null } : { status: 'FAILED', error: errorOf(outcome.error) };
}

/** The ships of one graph. */
export class Shipments extends Disposable {
	private readonly ships = new Map<string, ShipRecord>();
	private nextId = 1;
	private readonly _onDidChangeShip = this._register(new Emitter<ShipRecord>());
	/** Fires when a ship's outcome changes, or a run one of its pushes triggered does. */
	readonly onDidChangeShip: Event<ShipRecord> = this._onDidChangeShip.event;

	constructor(
		private readonly repos: ReposSource,
		private readonly workflows: WorkflowsSource,
		private readonly operations: () => ReposOperations | undefined,
	) {
		super();
		this._register(
			workflows.onDidChangeRun((run) => {
				for (const ship of this.ships.values()) {
					if (ship.rows.some((row) => row.pushedSha && row.pushedSha === run.headSha)) {
						this._onDidChangeShip.fire(ship);
					}
				}
			}),
		);
	}

	get(id: string): ShipRecord | undefined {
		return this.ships.get(id);
	}

	/** Every ship of this graph, newest first. */
	list(): ShipRecord[] {
		return [...this.ships.values()].reverse();
	}

	/** The runs the row's push triggered, newest first. */
	runsOf(row: ShipRowRecord): WorkflowRunRecord[] {
		if (!row.pushedSha || this.workflows.unavailableReason) {
			return [];
		}
		return this.workflows.recentRuns(500).filter((r) => r.headSha === row.pushedSha);
	}

	/** What CI says about the row's push: every triggered run passed, one failed, some still run. */
	ciOf(row: ShipRowRecord): ShipCiStatus {
		if (!row.pushedSha) {
			return 'NOT_PUSHED';
		}
		const runs = this.runsOf(row);
		if (runs.length === 0) {
			return 'WAITING';
		}
		if (runs.some((r) => r.status === 'COMPLETED' && r.conclusion !== 'SUCCESS' && r.conclusion !== 'SKIPPED' && r.conclusion !== 'NEUTRAL')) {
			return 'FAILED';
		}
		return runs.every((r) => r.status === 'COMPLETED') ? 'PASSED' : 'RUNNING';
	}

	/**
	 * Commits (submodules first), then pushes every repository committed or ahead of its upstream,
	 * deepest first. Cancelling stops the remaining work between repositories.
	 */
	async ship(commits: readonly ShipCommit[], options: { push: boolean; signal?: AbortSignal }): Promise<ShipRecord> {
		const operations = this.operations();
		if (!operations) {
			throw new SourceError('REPOS', 'UNTRUSTED', 'Repositories are read-only here: trust the workspace to commit and push.');
		}
		const unknown = commits.filter((c) => !this.repos.get(c.repository)).map((c) => c.repository);
		if (unknown.length > 0) {
			throw new SourceError('REPOS', 'NOT_FOUND', `No repository at ${unknown.join(', ')}`);
		}
		if (commits.length === 0) {
			throw new SourceError('REPOS', 'BAD_USER_INPUT', 'Nothing to ship: name at least one repository.');
		}
		const outcomes = await operations.commitHierarchy(
			commits.map((c) => ({ path: c.repository, message: c.message })),
			{ continueOnError: true, signal: options.signal },
		);
		// Parents that only recorded new submodule pointers are shipped too.
		const paths = [...new Set([...outcomes.map((o) => o.path), ...commits.map((c) => c.repository)])];
		const rows = new Map<string, ShipRowRecord>(
			paths.map((p) => {
				const outcome = outcomes.find((o) => o.path === p);
				return [p, { repositoryPath: p, commit: commitStep(outcome), sha: outcome?.status === 'committed' ? outcome.sha : null, push: SKIPPED, pushedSha: null }];
			}),
		);
		const ship: ShipRecord = { id: String(this.nextId++), rows: [...rows.values()], createdAt: Date.now() };
		this.ships.set(ship.id, ship);
		if (options.push) {
			for (const level of this.byDepth(paths)) {
				await Promise.all(level.map((p) => this.pushOne(operations, rows.get(p) as ShipRowRecord, options.signal)));
			}
		}
		const done: ShipRecord = { ...ship, rows: paths.map((p) => rows.get(p) as ShipRowRecord) };
		this.ships.set(done.id, done);
		this._onDidChangeShip.fire(done);
		return done;
	}

	private async pushOne(operations: ReposOperations, row: ShipRowRecord, signal: AbortSignal | undefined): Promise<void> {
		const state = this.repos.get(row.repositoryPath);
		if (row.commit.status === 'FAILED' || (row.commit.status !== 'SUCCEEDED' && !(state && state.ahead > 0))) {
			return;
		}
		if (signal?.aborted) {
			row.push = { status: 'SKIPPED', error: { code: 'CANCELLED', message: 'Cancelled before this repository was pushed.' } };
			return;
		}
		try {
			await operations.push(row.repositoryPath, { setUpstream: true, signal });
			row.push = { status: 'SUCCEEDED', error: null };
			row.pushedSha = this.repos.get(row.repositoryPath)?.headSha ?? row.sha;
		} catch (err) {
			row.push = { status: 'FAILED', error: errorOf(err) };
		}
	}

	/** `paths` in levels, deepest submodule first: a parent is pushed after what it points at. */
	private byDepth(paths: readonly string[]): string[][] {
		const depth = (p: string): number => {
			let d = 0;
			for (let s = this.repos.get(p); s?.kind === 'SUBMODULE' && s.parentPath; s = this.repos.get(s.parentPath)) {
				d++;
			}
			return d;
		};
		const levels = new Map<number, string[]>();
		for (const p of paths) {
			levels.set(depth(p), [...(levels.get(depth(p)) ?? []), p]);
		}
		return [...levels.entries()].sort((a, b) => b[0] - a[0]).map(([, ps]) => ps);
	}
}
