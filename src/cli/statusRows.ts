/**
 * The rows of `meta-gothic status`: the graph query they come from, and the same rows read
 * straight from the git model when GitHub is not connected.
 *
 * Why a direct read: with no GitHub connection, the query's only field that is not a plain field
 * of `RepositoryState` is `github`, which the graph then answers with `null` (and an error the
 * command ignores). Going through the graph for that costs about 80 ms of CPU per run (loading
 * graphql and @graphql-tools, building the gateway, executing), as much as the whole git side of
 * 100 repositories on 2 cores, and it is what kept `status` at 3.5× an `xargs -P2 git status`
 * loop. The projection below is the query's selection field for field, in the same order, so the
 * JSON is byte-identical: test/unit/cli/statusRows.test.ts runs both over a meta-repository and
 * compares. With a token (GitHub data wanted), `status` goes through the graph. `--group` narrows
 * both the same way: the query's `group` argument, and here the same group's `includes`.
 */
import * as path from 'node:path';
import { GitModel } from '../git/model';
import type { RepositoryGroup } from '../common/repositoryGroups';
import type { RepositoryState } from '../schema/contracts/repos';
import type { StatusRow } from './statusTable';

/** The graph query behind `meta-gothic status`; {@link statusRowOf} must select the same fields. */
export const STATUS_QUERY = /* GraphQL */ `
	query Status($group: String) {
		repositories(group: $group) {
			name path kind initialized branch detached headSha ahead behind error
			changes { path conflicted }
			submoduleChanges { path }
			github { latestRun { workflowName status conclusion } }
		}
	}
`;

/** The row the graph answers for `state` under {@link STATUS_QUERY} when GitHub is not connected. */
export function statusRowOf(state: RepositoryState): StatusRow {
	return {
		name: state.name,
		path: state.path,
		kind: state.kind,
		initialized: state.initialized,
		branch: state.branch,
		detached: state.detached,
		headSha: state.headSha,
		ahead: state.ahead,
		behind: state.behind,
		error: state.error,
		changes: state.changes.map((c) => ({ path: c.path, conflicted: c.conflicted })),
		submoduleChanges: state.submoduleChanges.map((c) => ({ path: c.path })),
		github: null,
	};
}

/** The folders `status` reads, as `createGateway` resolves them: absolute, the current folder by default. */
export function resolveRoots(roots: readonly string[] | undefined): string[] {
	return (roots?.length ? roots : [process.cwd()]).map((r) => path.resolve(r));
}

/**
 * Reads every repository below `roots` (default: the current folder) once, with the same model
 * settings `createGateway` uses, and returns their rows in discovery order; with `group`, only
 * the rows of its repositories, as `repositories(group:)` narrows.
 */
export async function readStatusRows(roots: readonly string[] | undefined, group?: Pick<RepositoryGroup, 'includes'>): Promise<StatusRow[]> {
	const git = new GitModel({
		roots: resolveRoots(roots),
		// A one-shot process has nothing to do while the folders are walked (see GitModelOptions).
		syncDiscovery: true,
		// Small and short-lived: forking it is cheap, so the fork helper is never worth starting.
		spawnMode: 'direct',
		// One scan: nothing to compare a stamp with, so none is taken.
		skipUnchanged: false,
	});
	try {
		await git.scan();
		const repositories = group ? git.repositories.filter((r) => group.includes(r.path)) : git.repositories;
		return repositories.map(statusRowOf);
	} finally {
		git.dispose();
	}
}
