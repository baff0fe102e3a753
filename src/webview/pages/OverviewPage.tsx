import { VscodeTextfield } from '../elements';
import { useQuery, useSubscription } from '@urql/preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { DashboardPage } from '../../protocol/messages';
import { changesLabel, ciLabel, RepositoryRow } from '../components/RepositoryRow';
import { useShell } from '../pageContext';
import { OverviewQuery, WorkflowRunUpdatedSubscription, type OverviewRepository } from '../queries';
import { PageErrors } from '../components/PageErrors';
import { WindowedTable } from '../components/Windowed';
import { splitErrors } from './unavailable';
import { useRepositoryPatches } from './useRepositoryPatches';

type SortKey = 'name' | 'branch' | 'changes' | 'ci';

/** A row's height before it is measured: one line of text with its padding and border. */
const ROW_HEIGHT = 29;

const repoKey = (repo: OverviewRepository) => repo.path;
const NONE: readonly OverviewRepository[] = [];

const SORTS: Record<SortKey, (r: OverviewRepository) => string> = {
	name: (r) => r.name,
	branch: (r) => r.branch ?? '',
	// Dirty first when sorted by changes: that is what one sorts it for.
	changes: (r) => (r.error ? '0' : r.isDirty ? '1' : '2') + changesLabel(r),
	ci: (r) => ciLabel(r),
};

/** A count that is a link: it opens the page (and filter) that lists what it counts. */
function Count({ n, label, page, filter, testId }: { n: number; label: string; page: DashboardPage; filter?: string; testId: string }) {
	const shell = useShell();
	return (
		<a href="#" class={`count ${n ? 'some' : 'none'}`} data-testid={testId} onClick={(e) => (e.preventDefault(), shell.navigate(page, filter))}>
			<strong>{n}</strong> {label}
		</a>
	);
}

/**
 * The Overview page: counts that lead to the page listing them, and every repository with its
 * state, its CI and the strip of its last runs, sortable and filterable by text and group.
 */
export function OverviewPage({ filter }: { filter: string }) {
	const [withGitHub, setWithGitHub] = useState(true);
	const variables = useMemo(() => ({ withGitHub }), [withGitHub]);
	const [{ data, error, fetching }, reexecute] = useQuery({ query: OverviewQuery, variables });
	// Not paused while GitHub is unavailable: the first run seen after signing in brings its fields back.
	const [runUpdated] = useSubscription({ query: WorkflowRunUpdatedSubscription });
	const [text, setText] = useState(filter);
	const [group, setGroup] = useState('');
	const [sort, setSort] = useState<{ key: SortKey; up: boolean }>({ key: 'name', up: true });
	useEffect(() => setText(filter), [filter]);

	const reread = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
	useEffect(() => {
		if (runUpdated.data) {
			reread();
		}
	}, [runUpdated.data, reread]);

	// GitHub came or went (sign-in, a rate limit): ask for its fields again, or stop asking.
	const githubAvailable = data?.githubStatus.available;
	useEffect(() => {
		if (githubAvailable !== undefined && githubAvailable !== withGitHub) {
			setWithGitHub(githubAvailable);
		}
	}, [githubAvailable, withGitHub]);

	const repositories = useRepositoryPatches(data?.repositories ?? NONE, reread);
	const { notices: refused, fatal } = splitErrors(error);
	const groupPaths = useMemo(() => (group ? new Set(data?.repositoryGroups.find((g) => g.name === group)?.repositories.map((r) => r.path)) : undefined), [group, data]);
	const rows = useMemo(() => {
		const needle = text.trim().toLowerCase();
		const key = SORTS[sort.key];
		return repositories
			.filter((r) => (!groupPaths || groupPaths.has(r.path)) && (!needle || `${r.name} ${r.path} ${r.branch ?? ''} ${changesLabel(r)} ${r.initialized ? '' : 'not initialised'} ${r.ahead ? '↑' : ''}${r.behind ? '↓' : ''}`.toLowerCase().includes(needle)))
			.sort((a, b) => key(a).localeCompare(key(b)) * (sort.up ? 1 : -1));
	}, [repositories, text, sort, groupPaths]);

	const runs = repositories.map((r) => r.github?.latestRun).filter((r) => !!r);
	const agentRuns = data?.agentRuns ?? [];
	const header = (key: SortKey, label: string) => (
		<th aria-sort={sort.key === key ? (sort.up ? 'ascending' : 'descending') : 'none'}>
			<button class="sort" onClick={() => setSort({ key, up: sort.key === key ? !sort.up : true })}>
				{label} {sort.key === key && <span class={`codicon codicon-arrow-${sort.up ? 'up' : 'down'}`} aria-hidden="true" />}
			</button>
		</th>
	);
	return (
		<section data-testid="overview">
			{data && (
				<p class={`health ${data.health.status.toLowerCase()}`} data-testid="health">
					{data.health.summary}
				</p>
			)}
			<PageErrors unavailable={data && !data.githubStatus.available && data.githubStatus.reason} notices={refused} fatal={fatal} />
			{data && (
				<nav class="counts" aria-label="Counts" data-testid="counts">
					<Count n={repositories.filter((r) => r.isDirty).length} label="dirty" page="changes" testId="count-dirty" />
					<Count n={repositories.filter((r) => r.ahead).length} label="ahead" page="overview" filter="↑" testId="count-ahead" />
					<Count n={repositories.filter((r) => r.behind).length} label="behind" page="overview" filter="↓" testId="count-behind" />
					<Count n={repositories.filter((r) => r.changes.some((c) => c.conflicted)).length} label="with conflicts" page="changes" testId="count-conflicts" />
					<Count n={repositories.filter((r) => r.error).length} label="errors" page="diagnostics" testId="count-errors" />
					<Count n={repositories.filter((r) => !r.initialized).length} label="not initialised" page="overview" filter="not initialised" testId="count-uninitialised" />
					<Count n={runs.filter((r) => r.status === 'COMPLETED' && r.conclusion === 'FAILURE').length} label="CI failing" page="pipelines" filter="failing" testId="count-ci-failing" />
					<Count n={runs.filter((r) => r.status !== 'COMPLETED').length} label="CI running" page="pipelines" filter="running" testId="count-ci-running" />
					<Count n={agentRuns.filter((r) => r.status === 'RUNNING').length} label="agents running" page="agents" filter="running" testId="count-agents-running" />
					<Count n={agentRuns.filter((r) => r.status === 'FAILED').length} label="agents failed" page="agents" filter="failed" testId="count-agents-failed" />
					<span class="count">
						<span class={`codicon codicon-${data.githubStatus.available ? 'github' : 'debug-disconnect'}`} aria-hidden="true" /> GitHub {data.githubStatus.available ? 'connected' : 'not connected'}
					</span>
				</nav>
			)}
			{fetching && !data && <p class="muted">Reading repositories…</p>}
			{data && repositories.length === 0 && <p class="muted">No git repositories in this workspace.</p>}
			{repositories.length > 0 && (
				<>
					<div class="toolbar">
						<VscodeTextfield placeholder="Filter repositories" aria-label="Filter repositories" value={text} data-testid="overview-filter" onInput={(e) => setText((e.target as HTMLInputElement).value)} />
						{(data?.repositoryGroups.length ?? 0) > 0 && (
							<select aria-label="Group" value={group} onChange={(e) => setGroup((e.target as HTMLSelectElement).value)} data-testid="overview-group">
								<option value="">All groups</option>
								{data?.repositoryGroups.map((g) => (
									<option key={g.name} value={g.name}>
										{g.name}
									</option>
								))}
							</select>
						)}
						<span class="muted">
							{rows.length} of {repositories.length}
						</span>
					</div>
					<WindowedTable
						items={rows}
						keyOf={repoKey}
						estimate={ROW_HEIGHT}
						columns={7}
						testId="repo-window"
						table={{ 'aria-label': 'Repositories' }}
						head={
							<thead>
								<tr aria-rowindex={1}>
									{header('name', 'Repository')}
									{header('branch', 'Branch')}
									<th>↑↓</th>
									{header('changes', 'Changes')}
									{header('ci', 'CI')}
									<th>Last runs</th>
									<th>
										<span class="visually-hidden">Actions</span>
									</th>
								</tr>
							</thead>
						}
						render={(repo, index, tabStop) => <RepositoryRow key={repo.path} repo={repo} index={index} tabStop={tabStop} />}
					/>
				</>
			)}
		</section>
	);
}
