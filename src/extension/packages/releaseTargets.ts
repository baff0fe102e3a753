import type { ReleaseTargets } from './packagesQueries';

/** A repository with packages to release and a workflow that can release them. */
export interface ReleaseTarget {
	repositoryPath: string;
	repositoryName: string;
	/** `name@next` of each package of the repository in the plan, in plan order. */
	packages: string[];
	/** Its workflows that look like a release and have a workflow_dispatch trigger. */
	workflows: Array<{ name: string; path: string }>;
	/** Position of its first package in the plan. */
	order: number;
}

/** A workflow that releases: its file or name says release or publish. */
const RELEASE_WORKFLOW = /\b(release|publish)/i;

/**
 * The repositories the release command offers, in release-plan order: those with a planned,
 * publishable package and a release workflow that can be run by hand. Pure.
 */
export function releaseTargets(data: ReleaseTargets): ReleaseTarget[] {
	const repos = new Map(data.repositories.map((r) => [r.path, r]));
	const targets = new Map<string, ReleaseTarget>();
	for (const step of data.releasePlan?.steps ?? []) {
		if (!step.nextVersion) {
			continue;
		}
		const repo = repos.get(step.package.repository.path);
		const workflows = (repo?.github?.workflows ?? [])
			.filter((w) => w.dispatchInputs != null && (RELEASE_WORKFLOW.test(w.path.split('/').pop() ?? '') || RELEASE_WORKFLOW.test(w.name)))
			.map((w) => ({ name: w.name, path: w.path }));
		if (!repo || workflows.length === 0) {
			continue;
		}
		const target = targets.get(repo.path) ?? { repositoryPath: repo.path, repositoryName: repo.name, packages: [], workflows, order: step.order };
		target.packages.push(`${step.package.name}@${step.nextVersion}`);
		targets.set(repo.path, target);
	}
	return [...targets.values()].sort((a, b) => a.order - b.order);
}
