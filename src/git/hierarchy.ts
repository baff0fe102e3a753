/**
 * Plans a bottom-up commit of a submodule hierarchy: deepest submodules first, so that each parent,
 * committed after its children, records their new commits.
 */
import * as path from 'node:path';
import { normalizeRepoPath } from './discovery';
import type { GitModel } from './model';
import type { CommitSpec } from '../schema/contracts/repos';
import type { GitCommitOutcome } from './operations';

/** One repository's place in the plan; its spec is decided once its children's outcomes are known. */
export interface HierarchyStep {
	path: string;
	/** The commit to make given the outcomes so far, or `null` when there is nothing to commit. */
	resolve(outcomes: readonly GitCommitOutcome[]): CommitSpec | null;
}

/** Default message of a parent commit that only moves submodule pointers. */
export function defaultPointerMessage(_parentPath: string, submodules: string[]): string {
	return `Update submodule${submodules.length === 1 ? '' : 's'} ${submodules.join(', ')}`;
}

/**
 * Groups the repositories to commit into levels, deepest first. Repositories in one level are
 * independent and may commit in parallel. Parents of listed submodules are added (pointer-only
 * commits) up to the top of each submodule chain.
 */
export function planCommitHierarchy(
	model: GitModel,
	commits: readonly CommitSpec[],
	pointerMessage: (parentPath: string, submodules: string[]) => string = defaultPointerMessage,
): HierarchyStep[][] {
	const specs = new Map(commits.map((c) => [normalizeRepoPath(c.path), { ...c, path: normalizeRepoPath(c.path) }]));
	const submoduleParent = (p: string): string | null => {
		const state = model.get(p);
		return state?.kind === 'SUBMODULE' ? state.parentPath : null;
	};
	const involved = new Set<string>();
	for (const start of specs.keys()) {
		for (let p: string | null = start; p && !involved.has(p); p = submoduleParent(p)) {
			involved.add(p);
		}
	}
	const depth = (p: string): number => {
		let d = 0;
		for (let parent = submoduleParent(p); parent; parent = submoduleParent(parent)) {
			d++;
		}
		return d;
	};
	const childrenOf = (parent: string): string[] => [...involved].filter((p) => submoduleParent(p) === parent);

	const steps = [...involved].map((repo): { depth: number; step: HierarchyStep } => ({
		depth: depth(repo),
		step: {
			path: repo,
			resolve: (outcomes) => {
				const committed = new Set(outcomes.filter((o) => o.status === 'committed').map((o) => normalizeRepoPath(o.path)));
				const moved = childrenOf(repo)
					.filter((child) => committed.has(child))
					.map((child) => path.relative(repo, child).split(path.sep).join('/'));
				const own = specs.get(repo);
				if (own) {
					// A selected-files commit must still take the new pointers of its committed submodules.
					return own.paths ? { ...own, paths: [...own.paths, ...moved.filter((m) => !own.paths?.includes(m))] } : own;
				}
				return moved.length > 0 ? { path: repo, message: pointerMessage(repo, moved), paths: moved } : null;
			},
		},
	}));
	const levels = new Map<number, HierarchyStep[]>();
	for (const { depth: d, step } of steps) {
		levels.set(d, [...(levels.get(d) ?? []), step]);
	}
	return [...levels.entries()].sort((a, b) => b[0] - a[0]).map(([, level]) => level);
}
