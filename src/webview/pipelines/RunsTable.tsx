import { useMemo, useRef, useState } from 'preact/hooks';
import { outcome } from '../components/CiStrip';
import { groupByPush, type TimelineItem } from './pushGroups';
import { StateIcon } from './StateIcon';

/** One row of the runs table. */
export interface RunRow {
	/** Unique across repositories: `path#runId`. */
	readonly key: string;
	readonly repository: { readonly path: string; readonly name: string };
	readonly run: { readonly id: string; readonly runNumber: number; readonly workflowName: string; readonly status: string; readonly conclusion?: string | null; readonly branch?: string | null; readonly event: string; readonly createdAt: string; readonly actor?: { readonly login: string } | null };
}

const GROUP_STATE = {
	running: { status: 'IN_PROGRESS', conclusion: null },
	failure: { status: 'COMPLETED', conclusion: 'FAILURE' },
	success: { status: 'COMPLETED', conclusion: 'SUCCESS' },
	neutral: { status: 'COMPLETED', conclusion: 'NEUTRAL' },
} as const;

/** The line above the runs of one push across repositories: how many, and what CI made of them. */
function PushHeader({ item }: { item: Extract<TimelineItem<RunRow>, { kind: 'push' }> }) {
	const at = new Date(item.rows[item.rows.length - 1].run.createdAt);
	return (
		<tr class="push-group" data-testid="push-group" data-state={item.state}>
			<th scope="rowgroup" colSpan={5}>
				<StateIcon state={GROUP_STATE[item.state]} /> Push to {item.repositories} repositories{item.actor ? ` by ${item.actor}` : ''} <span class="muted">· {item.outcome} · {Number.isNaN(at.getTime()) ? '' : at.toLocaleTimeString()}</span>
			</th>
		</tr>
	);
}

/**
 * The runs as a single-select grid: a click, or Enter or Space on the focused row, selects a run;
 * the arrow keys, Home and End move the focus. One row is in the tab order (the selected one, else
 * the first), so Tab moves past the list rather than through every run. Runs one push started in
 * several repositories are listed together under a line of their own (see {@link groupByPush});
 * the keys move through runs only.
 */
export function RunsTable({ rows, selected, onSelect }: { rows: readonly RunRow[]; selected: string | undefined; onSelect: (key: string) => void }) {
	const body = useRef<HTMLTableSectionElement>(null);
	const [focused, setFocused] = useState<string>();
	const tabStop = rows.some((r) => r.key === focused) ? focused : rows.some((r) => r.key === selected) ? selected : rows[0]?.key;
	const items = useMemo(() => groupByPush(rows), [rows]);
	const onKeyDown = (event: KeyboardEvent) => {
		const elements = [...(body.current?.querySelectorAll<HTMLTableRowElement>('tr[data-key]') ?? [])];
		const at = elements.findIndex((el) => el === (event.target as Element).closest('tr'));
		if (at < 0) {
			return;
		}
		const target = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: elements.length - 1 }[event.key];
		if (target !== undefined) {
			event.preventDefault();
			elements[Math.max(0, Math.min(elements.length - 1, target))]?.focus();
		} else if (event.key === 'Enter' || event.key === ' ') {
			event.preventDefault();
			const key = elements[at]?.dataset.key;
			if (key) {
				onSelect(key);
			}
		}
	};
	const runRow = ({ key, repository, run }: RunRow, inPush: boolean) => (
		<tr
			key={key}
			data-key={key}
			data-testid="run-row"
			data-status={run.status}
			data-conclusion={run.conclusion ?? ''}
			data-actor={run.actor?.login ?? ''}
			class={`run${inPush ? ' in-push' : ''}${key === selected ? ' selected' : ''}`}
			aria-selected={key === selected}
			tabIndex={key === tabStop ? 0 : -1}
			onFocus={() => setFocused(key)}
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
		<table role="grid" aria-label="Runs" class="runs">
			<thead>
				<tr>
					<th>Run</th>
					<th>Repository</th>
					<th>Branch</th>
					<th>Event</th>
					<th>Outcome</th>
				</tr>
			</thead>
			<tbody ref={body} onKeyDown={onKeyDown}>
				{items.map((item) => (item.kind === 'run' ? runRow(item.row, false) : [<PushHeader key={item.key} item={item} />, ...item.rows.map((row) => runRow(row, true))]))}
			</tbody>
		</table>
	);
}
