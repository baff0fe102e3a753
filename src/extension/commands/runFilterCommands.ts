import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { readGraph } from '../readGraph';
import { pick } from '../prompts';
import type { RepositoryFilterView } from '../repositoryFilter';
import type { RunTimelineFilter, RunTimelineFilterState } from '../workflows/runTimelineFilter';
import { RunBranchesQuery } from '../workflows/workflowsQueries';
import { createCommand } from './createCommand';

const ON = '$(check) on';
const ANY_BRANCH = 'Any Branch';
const SHOW_ALL = 'Show All Runs';

interface FilterItem extends vscode.QuickPickItem {
	readonly change?: Partial<RunTimelineFilterState>;
	readonly branch?: true;
}

/** The pick's items: each filter with whether it is on, and a way back to every run. */
function filterItems(value: RunTimelineFilterState, active: boolean): FilterItem[] {
	const toggle = (label: string, detail: string, on: boolean, change: Partial<RunTimelineFilterState>): FilterItem => ({ label, detail, description: on ? ON : undefined, change });
	return [
		toggle('Failing', 'Runs that failed', value.state === 'failing', { state: value.state === 'failing' ? '' : 'failing' }),
		toggle('Running', 'Runs queued or in progress', value.state === 'running', { state: value.state === 'running' ? '' : 'running' }),
		toggle('Mine', 'Runs the signed-in GitHub account started or re-ran', value.mine, { mine: !value.mine }),
		{ label: 'Branch…', detail: 'Runs of one branch', description: value.branch === null ? undefined : `$(check) ${value.branch}`, branch: true },
		...(active ? [{ label: SHOW_ALL, detail: 'Clear every filter', change: { state: '', mine: false, branch: null } } satisfies FilterItem] : []),
	];
}

/**
 * *Filter Recent Runs…* on the Workflows view's Recent runs (the CI timeline as a tree): failing,
 * running, mine, one branch, as the dashboard's Pipelines page filters; each pick turns one on or
 * off and keeps the others. *Clear Run Filter* shows every run again.
 */
export function registerRunFilterCommands(gateway: Pick<Gateway, 'execute'>, runFilter: RunTimelineFilter, group: Pick<RepositoryFilterView, 'group'> | undefined): vscode.Disposable[] {
	return [
		createCommand('metaGothic.workflows.filterRuns', async () => {
			const chosen = await pick(filterItems(runFilter.value, runFilter.active), { title: 'Filter Recent Runs', placeHolder: 'Turn a filter on or off' });
			if (!chosen) {
				return;
			}
			if (!chosen.branch) {
				await runFilter.update(chosen.change ?? {});
				return;
			}
			const { data } = await readGraph(gateway, RunBranchesQuery, { group: group?.group ?? null });
			const branches = [...new Set((data?.workflowRuns ?? []).map((r) => r.branch).filter((b): b is string => !!b))];
			const current = runFilter.value.branch;
			const branch = await pick(
				[...(current === null ? [] : [{ label: ANY_BRANCH, detail: 'Runs of every branch' }]), ...branches.map((b) => ({ label: b, description: b === current ? ON : undefined }))],
				{ title: 'Filter Recent Runs: Branch', placeHolder: branches.length ? 'The branch whose runs to show' : 'No recent run names a branch' },
			);
			if (branch) {
				// No branch is called "Any Branch": git names hold no space.
				await runFilter.update({ branch: branch.label === ANY_BRANCH ? null : branch.label });
			}
		}),
		createCommand('metaGothic.workflows.clearRunFilter', () => runFilter.clear()),
	];
}
