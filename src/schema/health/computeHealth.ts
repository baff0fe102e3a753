import type { RepositoryState } from '../contracts/repos';
import type { AgentRunRecord } from '../contracts/agentRuns';
import type { WorkflowRunRecord } from '../contracts/workflows';

/** Overall severity, worst first when compared by {@link SEVERITY_ORDER}. */
export type HealthStatus = 'OK' | 'WARNING' | 'ERROR';

/** One reason the workspace is not healthy. */
export interface HealthItem {
	status: Exclude<HealthStatus, 'OK'>;
	message: string;
	repositoryPath: string | null;
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
	for (const repo of input.repositories) {
		if (repo.error) {
			items.push({ status: 'ERROR', message: `${repo.name}: ${repo.error}`, repositoryPath: repo.path });
		} else if (repo.changes.some((c) => c.conflicted)) {
			items.push({ status: 'WARNING', message: `${repo.name} has merge conflicts`, repositoryPath: repo.path });
		}
	}
	for (const run of input.latestRuns) {
		if (run && run.status === 'COMPLETED' && (run.conclusion === 'FAILURE' || run.conclusion === 'TIMED_OUT' || run.conclusion === 'STARTUP_FAILURE')) {
			items.push({ status: 'ERROR', message: `${run.workflowName} #${run.runNumber} failed`, repositoryPath: run.repositoryPath });
		}
	}
	// GitHub not being connected is a setup choice, not a fault: the Workflows view says so, and
	// a workspace that does not use GitHub must not look unhealthy forever.
	const failedRuns = input.agentRuns.filter((r) => r.status === 'FAILED');
	if (failedRuns.length > 0) {
		items.push({ status: 'WARNING', message: `${plural(failedRuns.length, 'agent run')} failed`, repositoryPath: null });
	}

	const status = items.reduce<HealthStatus>((worst, item) => (SEVERITY_ORDER[item.status] > SEVERITY_ORDER[worst] ? item.status : worst), 'OK');
	const dirty = input.repositories.filter((r) => r.changes.length > 0 || r.submoduleChanges.length > 0).length;
	const parts = [plural(input.repositories.length, 'repository', 'repositories'), `${dirty} dirty`];
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
