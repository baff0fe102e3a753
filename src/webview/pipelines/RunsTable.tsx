import { useMemo } from 'preact/hooks';
import { outcome } from '../components/CiStrip';
import { windowItemProps, WindowedTable } from '../components/Windowed';
import { groupByPush, type ShipOf, type TimelineItem } from './pushGroups';
import { StateIcon } from './StateIcon';

/** One row of the runs table. */
export interface RunRow {
	/** Unique across repositories: `path#runId`. */
	readonly key: string;
	readonly repository: { readonly path: string; readonly name: string };
	readonly run: { readonly id: string; readonly runNumber: number; readonly workflowName: string; readonly status: string; readonly conclusion?: string | null; readonly branch?: string | null; readonly event: string; readonly headSha?: string | null; readonly createdAt: string; readonly actor?: { readonly login: string } | null };
}

const GROUP_STATE = {
	running: { status: 'IN_PROGRESS', conclusion: null },
	failure: { status: 'COMPLETED', conclusion: 'FAILURE' },
	success: { status: 'COMPLETED', conclusion: 'SUCCESS' },
	neutral: { status: 'COMPLETED', conclusion: 'NEUTRAL' },
} as const;

/** One line of the table: a run (on its own or in a push), or the header of a push's runs. */
type Line = { readonly key: string; readonly row: RunRow; readonly inPush: boolean } | { readonly key: string; readonly push: Extract<TimelineItem<RunRow>, { kind: 'push' }> };

const lineKey = (line: Line) => line.key;
const isRun = (line: Line) => 'row' in line;

/** A line's height before it is measured. */
const ROW_HEIGHT = 29;

/** The line above the runs of one push across repositories: how many, and what CI made of them. */
function PushHeader({ item, index }: { item: Extract<TimelineItem<RunRow>, { kind: 'push' }>; index: number }) {
	const at = new Date(item.rows[item.rows.length - 1].run.createdAt);
	return (
		<tr class="push-group" data-testid="push-group" data-state={item.state} data-ship={item.ship ?? ''} aria-rowindex={index + 2} {...windowItemProps(index, false)}>
			<th scope="rowgroup" colSpan={5}>
				<StateIcon state={GROUP_STATE[item.state]} /> {item.ship === undefined ? 'Push' : 'Ship'} to {item.repositories} repositories{item.actor ? ` by ${item.actor}` : ''} <span class="muted">· {item.outcome} · {Number.isNaN(at.getTime()) ? '' : at.toLocaleTimeString()}</span>
			</th>
		</tr>
	);
}

/**
 * The runs as a single-select grid: a click, or Enter or Space on the focused row, selects a run;
 * the arrow keys, Home and End move the focus. One row is in the tab order (the selected one, else
 * the first), so Tab moves past the list rather than through every run. Runs one push started in
 * several repositories are listed together under a line of their own (see {@link groupByPush});
 * the keys move through runs only. Long timelines are windowed ({@link WindowedTable}).
 */
export function RunsTable({ rows, selected, onSelect, shipOf }: { rows: readonly RunRow[]; selected: string | undefined; onSelect: (key: string) => void; shipOf?: ShipOf<RunRow> }) {
	const items = useMemo(() => groupByPush(rows, shipOf), [rows, shipOf]);
	// One line per push header and per run, as the window counts them.
	const lines = useMemo<Line[]>(() => items.flatMap((item) => (item.kind === 'run' ? [{ key: item.row.key, row: item.row, inPush: false }] : [{ key: item.key, push: item }, ...item.rows.map((row) => ({ key: row.key, row, inPush: true }))])), [items]);
	const chosen = lines.findIndex((line) => 'row' in line && line.row.key === selected);
	const onKeyDown = (event: KeyboardEvent) => {
		const key = (event.target as HTMLElement).dataset?.key;
		if (key && (event.key === 'Enter' || event.key === ' ')) {
			event.preventDefault();
			onSelect(key);
		}
	};
	const runRow = ({ key, repository, run }: RunRow, inPush: boolean, index: number, tabStop: boolean) => (
		<tr
			key={key}
			aria-rowindex={index + 2}
			{...windowItemProps(index, tabStop)}
			data-key={key}
			data-testid="run-row"
			data-status={run.status}
			data-conclusion={run.conclusion ?? ''}
			data-actor={run.actor?.login ?? ''}
			class={`run${inPush ? ' in-push' : ''}${key === selected ? ' selected' : ''}`}
			aria-selected={key === selected}
			onClick={() => onSelect(key)}
		>
			<td>
				{run.workflowName} #{run.runNumber}
			</td>
			<td>{repository.name}</td>
			<td>{run.branch ?? ''}</td>
			<td>{run.event}</td>
			<td class="ci">
				<StateIcon state={run} decorative /> {outcome(run)}
			</td>
		</tr>
	);
	return (
		<WindowedTable
			items={lines}
			keyOf={lineKey}
			estimate={ROW_HEIGHT}
			columns={5}
			focusable={isRun}
			preferred={chosen < 0 ? undefined : chosen}
			testId="runs-window"
			table={{ role: 'grid', 'aria-label': 'Runs', class: 'runs' }}
			head={
				<thead>
					<tr aria-rowindex={1}>
						<th>Run</th>
						<th>Repository</th>
						<th>Branch</th>
						<th>Event</th>
						<th>Outcome</th>
					</tr>
				</thead>
			}
			onBodyKeyDown={onKeyDown}
			render={(line, index, tabStop) => ('row' in line ? runRow(line.row, line.inPush, index, tabStop) : <PushHeader key={line.key} item={line.push} index={index} />)}
		/>
	);
}
