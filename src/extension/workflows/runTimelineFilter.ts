import * as vscode from 'vscode';
import type { RunState } from '../../common/runFilters';
import { setContext } from '../contextKeys';

/** Where the filter is kept between sessions (per workspace). */
const STATE_KEY = 'metaGothic.workflows.runFilter';
/** Context key: true while Recent runs is filtered (its Clear action shows). */
const CONTEXT_KEY = 'metaGothic.workflows.runsFiltered';

/** The filters of the Workflows view's Recent runs, as kept and as the commands set them. */
export interface RunTimelineFilterState {
	/** Failing runs, unfinished runs, or every run. */
	readonly state: RunState;
	/** Only runs the signed-in account started or re-ran. */
	readonly mine: boolean;
	/** Only runs of this branch; null for every branch. */
	readonly branch: string | null;
}

const NONE: RunTimelineFilterState = { state: '', mine: false, branch: null };

function isState(value: unknown): value is RunTimelineFilterState {
	const v = value as Partial<RunTimelineFilterState> | undefined;
	return (
		typeof v === 'object' && v !== null && (v.state === '' || v.state === 'failing' || v.state === 'running') && typeof v.mine === 'boolean' && (v.branch === null || typeof v.branch === 'string')
	);
}

/**
 * What the Workflows view's Recent runs shows of the CI timeline: every run, or the failing,
 * running, mine or one branch's, as the Pipelines page filters it. Kept per workspace, like the
 * repository group, so the view comes back as it was left.
 */
export class RunTimelineFilter implements vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<void>();
	readonly onDidChange = this._onDidChange.event;
	private current: RunTimelineFilterState;

	constructor(private readonly memento: vscode.Memento) {
		const saved = memento.get<unknown>(STATE_KEY);
		this.current = isState(saved) ? saved : NONE;
		void setContext(CONTEXT_KEY, this.active);
	}

	get value(): RunTimelineFilterState {
		return this.current;
	}

	/** Whether any filter is on. */
	get active(): boolean {
		return this.current.state !== '' || this.current.mine || this.current.branch !== null;
	}

	/** The filters in a few words ("failing · mine · on main"); empty when none is on. */
	describe(): string {
		const { state, mine, branch } = this.current;
		return [state, mine ? 'mine' : '', branch === null ? '' : `on ${branch}`].filter(Boolean).join(' · ');
	}

	/** Changes some filters and keeps the others. */
	async update(change: Partial<RunTimelineFilterState>): Promise<void> {
		const next = { ...this.current, ...change };
		if (next.state === this.current.state && next.mine === this.current.mine && next.branch === this.current.branch) {
			return;
		}
		this.current = next;
		await this.memento.update(STATE_KEY, this.active ? next : undefined);
		await setContext(CONTEXT_KEY, this.active);
		this._onDidChange.fire();
	}

	/** Shows every run again. */
	clear(): Promise<void> {
		return this.update(NONE);
	}

	dispose(): void {
		this._onDidChange.dispose();
	}
}
