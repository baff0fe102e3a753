import { memo } from 'preact/compat';
import { useShell } from '../pageContext';
import type { OverviewRepository } from '../queries';
import { CiStrip, outcome } from './CiStrip';
import { windowItemProps } from './Windowed';

function branchLabel(repo: OverviewRepository): string {
	if (!repo.initialized) {
		return 'not initialised';
	}
	if (repo.detached) {
		return `detached ${repo.headSha?.slice(0, 7) ?? ''}`;
	}
	return repo.branch ?? '—';
}

/** What the changes column says; also what the table sorts that column by. */
export function changesLabel(repo: OverviewRepository): string {
	if (repo.error) {
		return repo.error;
	}
	if (repo.loading) {
		return 'reading…';
	}
	const files = repo.changes.length;
	const subs = repo.submoduleChanges.length;
	const conflicts = repo.changes.filter((c) => c.conflicted).length;
	if (!files && !subs) {
		return 'clean';
	}
	return [conflicts ? `${conflicts} conflicted` : '', files ? `${files} changed` : '', subs ? `${subs} submodule${subs === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
}

/** What the CI column says. */
export function ciLabel(repo: OverviewRepository): string {
	const run = repo.github?.latestRun;
	return run ? `${run.workflowName}: ${outcome(run)}` : '—';
}

function stateIcon(repo: OverviewRepository): { icon: string; label: string } {
	if (repo.error) {return { icon: 'error', label: 'error' };}
	if (repo.loading) {return { icon: 'loading codicon-modifier-spin', label: 'reading' };}
	if (!repo.initialized) {return { icon: 'circle-slash', label: 'not initialised' };}
	if (repo.changes.some((c) => c.conflicted)) {return { icon: 'warning', label: 'conflicts' };}
	if (repo.isDirty) {return { icon: 'circle-filled', label: 'dirty' };}
	return { icon: 'check', label: 'clean' };
}

/** Counts the rows drawn; the count-renders test reads it through the page. */
export const rowRenders = { count: 0 };

/** A row: its repository, where it is in the sorted and filtered table, whether Tab reaches it. */
interface RowProps {
	repo: OverviewRepository;
	index: number;
	tabStop: boolean;
}

function RepositoryRowView({ repo, index, tabStop }: RowProps) {
	rowRenders.count++;
	const shell = useShell();
	const state = repo.error ? 'error' : repo.loading ? 'reading' : repo.isDirty ? 'dirty' : 'clean';
	const icon = stateIcon(repo);
	const ci = repo.github?.latestRun;
	return (
		<tr data-testid="repo-row" data-path={repo.path} class={`repo ${state}`} aria-rowindex={index + 2} {...windowItemProps(index, tabStop)}>
			<td class="name" title={repo.path}>
				<span class={`codicon codicon-${icon.icon} state-${state}`} aria-hidden="true" /> {repo.name}
				{repo.kind === 'SUBMODULE' ? null : <span class="muted"> {repo.kind.toLowerCase()}</span>}
			</td>
			<td>
				<span class="codicon codicon-git-branch" aria-hidden="true" /> {branchLabel(repo)}
			</td>
			<td class="sync">{[repo.ahead ? `↑${repo.ahead}` : '', repo.behind ? `↓${repo.behind}` : ''].filter(Boolean).join(' ') || '='}</td>
			<td class={`changes ${state}`}>
				<span class={`badge ${state}`}>{changesLabel(repo)}</span>
			</td>
			<td class={`ci ${ci ? outcome(ci).replace(/ /g, '-') : ''}`}>{ciLabel(repo)}</td>
			<td>
				<CiStrip runs={repo.github?.runs ?? []} />
			</td>
			<td class="actions">
				<button class="icon" title="Reveal in Repositories" aria-label={`Reveal ${repo.name} in the Repositories view`} onClick={() => shell.action({ kind: 'revealRepository', repository: repo.path })}>
					<span class="codicon codicon-list-tree" aria-hidden="true" />
				</button>
				<button class="icon" title="Open Terminal" aria-label={`Open a terminal in ${repo.name}`} onClick={() => shell.action({ kind: 'openTerminal', repository: repo.path })}>
					<span class="codicon codicon-terminal" aria-hidden="true" />
				</button>
			</td>
		</tr>
	);
}

/**
 * What a row draws, as a string: `github` absent (not asked for while GitHub is unavailable) and
 * `github: null` (asked for, none) draw the same row.
 */
function drawnData(repo: OverviewRepository): string {
	return JSON.stringify({ ...repo, github: repo.github ?? null });
}

/**
 * One repository of the overview table. Memoised on the row's data, not its object: every
 * re-read brings new objects, and only a repository whose state changed should draw again —
 * also when the overview stops asking for GitHub's fields (a signed-out first read flips that) —
 * or whose place in the table, or in the tab order, moved.
 */
export const RepositoryRow = memo(RepositoryRowView, (a, b) => a.index === b.index && a.tabStop === b.tabStop && (a.repo === b.repo || drawnData(a.repo) === drawnData(b.repo)));
