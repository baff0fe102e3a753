import type { OverviewRepository } from '../queries';

function branchLabel(repo: OverviewRepository): string {
	if (!repo.initialized) {
		return 'not initialised';
	}
	if (repo.detached) {
		return `detached ${repo.headSha?.slice(0, 7) ?? ''}`;
	}
	return repo.branch ?? '—';
}

function changesLabel(repo: OverviewRepository): string {
	if (repo.error) {
		return repo.error;
	}
	const files = repo.changes.length;
	const subs = repo.submoduleChanges.length;
	const conflicts = repo.changes.filter((c) => c.conflicted).length;
	if (!files && !subs) {
		return 'clean';
	}
	return [conflicts ? `${conflicts} conflicted` : '', files ? `${files} changed` : '', subs ? `${subs} submodule${subs === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
}

function ciLabel(repo: OverviewRepository): string {
	const run = repo.github?.latestRun;
	if (!run) {
		return '—';
	}
	return run.status === 'COMPLETED' ? `${run.workflowName}: ${(run.conclusion ?? '').toLowerCase()}` : `${run.workflowName}: ${run.status.toLowerCase().replace('_', ' ')}`;
}

/** One repository of the overview table. */
export function RepositoryRow({ repo }: { repo: OverviewRepository }) {
	const state = repo.error ? 'error' : repo.isDirty ? 'dirty' : 'clean';
	return (
		<tr data-testid="repo-row" data-path={repo.path} class={`repo ${state}`}>
			<td class="name" title={repo.path}>
				{repo.name}
			</td>
			<td>{branchLabel(repo)}</td>
			<td class="sync">{[repo.ahead ? `↑${repo.ahead}` : '', repo.behind ? `↓${repo.behind}` : ''].filter(Boolean).join(' ') || '='}</td>
			<td class={`changes ${state}`}>{changesLabel(repo)}</td>
			<td>{ciLabel(repo)}</td>
		</tr>
	);
}
