import { isUnread, type RepositoryState } from '../contracts/repos';
import type { AgentRunRecord } from '../contracts/agentRuns';
import type { WorkflowRunRecord } from '../contracts/workflows';

/** Overall severity, worst first when compared by {@link SEVERITY_ORDER}. */
export type HealthStatus = 'OK' | 'WARNING' | 'ERROR';

/** What a health item is about, so a face can link it to the place that shows it. */
export type HealthItemKind = 'REPOSITORY_ERROR' | 'CONFLICT' | 'CI_FAILED' | 'AGENT_RUNS_FAILED';

/** One reason the workspace is not healthy. */
export interface HealthItem {
	status: Exclude<HealthStatus, 'OK'>;
	kind: HealthItemKind;
	/** The whole line, repository name first. */
	message: string;
	/** The line without the repository name. */
	detail: string;
	repositoryPath: string | null;
	repositoryName: string | null;
	/** The failed run, for `CI_FAILED`. */
	runId: string | null;
}

/** The health of the whole workspace. */
export interface Health {
	status: HealthStatus;
	summary: string;
	items: HealthItem[];
}

/** What health is computed from: cached state only. */
export interface HealthInput {
	repositories: readonly RepositoryState[];
	latestRuns: ReadonlyArray<WorkflowRunRecord | null>;
	agentRuns: readonly AgentRunRecord[];
}

const SEVERITY_ORDER: Record<HealthStatus, number> = { OK: 0, WARNING: 1, ERROR: 2 };

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
	return `${n} ${n === 1 ? singular : pluralForm}`;
}

/**
 * Folds the cached state of every domain into one status. Errors are things the user must act
 * on (a repository git cannot read, a failing pipeline); warnings are things worth a look.
 */
export function computeHealth(input: HealthInput): Health {
	const items: HealthItem[] = [];
	const names = new Map(input.repositories.map((r) => [r.path, r.name]));
	const item = (status: HealthItem['status'], kind: HealthItemKind, repositoryPath: string | null, detail: string, runId: string | null = null): HealthItem => {
		const repositoryName = repositoryPath ? (names.get(repositoryPath) ?? repositoryPath) : null;
		return { status, kind, message: repositoryName ? `${repositoryName} · ${detail}` : detail, detail, repositoryPath, repositoryName, runId };
	};
	for (const repo of input.repositories) {
		if (repo.error) {
			items.push(item('ERROR', 'REPOSITORY_ERROR', repo.path, repo.error));
		} else if (repo.changes.some((c) => c.conflicted)) {
			items.push(item('WARNING', 'CONFLICT', repo.path, 'merge conflicts'));
		}
	}
	for (const run of input.latestRuns) {
		if (run && run.status === 'COMPLETED' && (run.conclusion === 'FAILURE' || run.conclusion === 'TIMED_OUT' || run.conclusion === 'STARTUP_FAILURE')) {
			items.push(item('ERROR', 'CI_FAILED', run.repositoryPath, `${run.workflowName} #${run.runNumber} failed`, run.id));
		}
	}
	// GitHub not being connected is a setup choice, not a fault: the Workflows view says so, and
	// a workspace that does not use GitHub must not look unhealthy forever.
	const failedRuns = input.agentRuns.filter((r) => r.status === 'FAILED');
	if (failedRuns.length > 0) {
		items.push(item('WARNING', 'AGENT_RUNS_FAILED', null, `${plural(failedRuns.length, 'agent run')} failed`));
	}

	const status = items.reduce<HealthStatus>((worst, item) => (SEVERITY_ORDER[item.status] > SEVERITY_ORDER[worst] ? item.status : worst), 'OK');
	const dirty = input.repositories.filter((r) => r.changes.length > 0 || r.submoduleChanges.length > 0).length;
	const parts = [plural(input.repositories.length, 'repository', 'repositories'), `${dirty} dirty`];
	// Found but not read yet (the first scan of a big workspace): not clean, not counted as such.
	const reading = input.repositories.filter(isUnread).length;
	if (reading) {
		parts.push(`${reading} reading`);
	}
	const errors = items.filter((i) => i.status === 'ERROR').length;
	const warnings = items.length - errors;
	if (errors) {
		parts.push(plural(errors, 'error'));
	}
	if (warnings) {
		parts.push(plural(warnings, 'warning'));
	}
	return { status, summary: parts.join(' · '), items };
}
