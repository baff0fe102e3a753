import { useRef, useState } from 'preact/hooks';
import { outcome } from '../components/CiStrip';
import { StateIcon } from './StateIcon';

/** One row of the runs table. */
export interface RunRow {
	/** Unique across repositories: `path#runId`. */
	readonly key: string;
	readonly repository: { readonly path: string; readonly name: string };
	readonly run: { readonly id: string; readonly runNumber: number; readonly workflowName: string; readonly status: string; readonly conclusion?: string | null; readonly branch?: string | null; readonly event: string };
}

/**
 * The runs as a single-select grid: a click, or Enter or Space on the focused row, selects a run;
 * the arrow keys, Home and End move the focus. One row is in the tab order (the selected one, else
 * the first), so Tab moves past the list rather than through every run.
 */
export function RunsTable({ rows, selected, onSelect }: { rows: readonly RunRow[]; selected: string | undefined; onSelect: (key: string) => void }) {
	const body = useRef<HTMLTableSectionElement>(null);
	const [focused, setFocused] = useState<string>();
	const tabStop = rows.some((r) => r.key === focused) ? focused : rows.some((r) => r.key === selected) ? selected : rows[0]?.key;
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
				{rows.map(({ key, repository, run }) => (
					<tr
						key={key}
						data-key={key}
						data-testid="run-row"
						data-status={run.status}
						data-conclusion={run.conclusion ?? ''}
						class={`run ${key === selected ? 'selected' : ''}`}
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
				))}
			</tbody>
		</table>
	);
}
