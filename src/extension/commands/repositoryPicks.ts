/**
 * Which repositories a command acts on: the one a tree node (or a `{ path }` argument from a
 * notification, the dashboard or a keybinding) names, else the ones the user picks from a
 * multi-select list that shows each repository's state. Candidates come from the graph.
 */
import type { Gateway } from '../../schema/gateway';
import { queryGraph } from '../errors/codedError';
import { pickMany } from '../prompts';
import { RepositoryNode } from '../views/repositories/repositoryNode';
import { type CommandRepository, CommandRepositoriesQuery } from './repositoryQueries';

/** A command's target as its callers pass it: a tree node, or anything with a repository path. */
export type RepositoryArgument = RepositoryNode | { readonly path?: unknown } | undefined;

/** The path an argument names, if it names one. */
export function pathOf(arg: unknown): string | undefined {
	if (arg instanceof RepositoryNode) {
		return arg.repo.path;
	}
	const candidate = arg && typeof arg === 'object' ? (arg as { path?: unknown }).path : undefined;
	return typeof candidate === 'string' ? candidate : undefined;
}

/** True for a repository git can act on (checked out, readable). */
export function isUsable(r: CommandRepository): boolean {
	return r.initialized && !r.error;
}

/** True when the repository has uncommitted changes (submodule pointers included). */
export function isDirty(r: CommandRepository): boolean {
	return isUsable(r) && r.isDirty;
}

/** The state a pick list shows beside a repository: branch, ↑↓, changes, conflicts. */
export function describeState(r: CommandRepository): string {
	if (!r.initialized) {
		return 'not initialised';
	}
	if (r.error) {
		return `error: ${r.errorCode ?? 'GIT_FAILED'}`;
	}
	const parts = [r.detached ? `detached ${r.headSha?.slice(0, 7) ?? ''}` : r.branch ?? ''];
	if (r.ahead || r.behind) {
		parts.push(`↑${r.ahead} ↓${r.behind}`);
	}
	const conflicts = r.changes.filter((c) => c.conflicted).length;
	if (conflicts) {
		parts.push(`${conflicts} conflicted`);
	}
	if (r.changes.length - conflicts) {
		parts.push(`${r.changes.length - conflicts} changed`);
	}
	if (r.submoduleChanges.length) {
		parts.push(`${r.submoduleChanges.length} submodule${r.submoduleChanges.length === 1 ? '' : 's'}`);
	}
	if (!r.upstream) {
		parts.push('no upstream');
	}
	return parts.filter(Boolean).join(' · ');
}

/** Options of {@link chooseRepositories}. */
export interface ChooseOptions {
	readonly gateway: Pick<Gateway, 'execute'>;
	/** The group pick lists are narrowed to (the views' filter), if any. */
	readonly group: string | undefined;
	/** Which repositories can be acted on. */
	readonly accept: (r: CommandRepository) => boolean;
	readonly placeHolder: string;
	/** The pick list's title; the place holder says what to pick. */
	readonly title?: string;
	/** Paths to start picked instead of all or none (the dashboard's selection); others start unpicked. */
	readonly preselect?: readonly string[];
	/** Start with every candidate picked (a batch of all) or none (choose a few). */
	readonly pickAll: boolean;
}

/**
 * The repositories to act on, or undefined when the user dismissed the pick. A named repository
 * is returned alone, whatever the group, if `accept` takes it; otherwise an empty list.
 */
export async function chooseRepositories(arg: unknown, options: ChooseOptions): Promise<CommandRepository[] | undefined> {
	const named = pathOf(arg);
	if (named) {
		const { repositories } = await queryGraph(options.gateway, CommandRepositoriesQuery, { group: null });
		const repo = repositories.find((r) => r.path === named);
		return repo && options.accept(repo) ? [repo] : [];
	}
	const { repositories } = await queryGraph(options.gateway, CommandRepositoriesQuery, { group: options.group ?? null });
	const candidates = repositories.filter(options.accept);
	if (candidates.length === 0) {
		return [];
	}
	const preselect = options.preselect?.length ? new Set(options.preselect) : undefined;
	const picked = await pickMany(
		candidates.map((r) => ({ label: r.name, description: describeState(r), detail: r.path, picked: preselect ? preselect.has(r.path) : options.pickAll, repo: r })),
		{ title: options.title ?? options.placeHolder, placeHolder: options.placeHolder, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
	);
	return picked?.length ? picked.map((p) => p.repo) : undefined;
}

/** " in group "x"" while the views are narrowed, for messages about what there is to act on. */
export function inGroup(group: string | undefined): string {
	return group === undefined ? '' : ` in group "${group}"`;
}
