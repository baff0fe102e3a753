import * as vscode from 'vscode';
import { setContext } from '../contextKeys';
import { graphql } from '../../graphql';
import type { Gateway } from '../../schema/gateway';
import { queryGraph } from '../errors/codedError';

const GitStatusQuery = graphql(`
	query GitStatusContext {
		gitStatus { available code reason }
		repositories { path kind initialized }
	}
`);

/** The discovery settings, as the empty Repositories view names them. */
export interface DiscoverySettings {
	readonly maxDepth: number;
	readonly exclude: readonly string[];
}

/**
 * After a scan: sets the context keys the Repositories view's welcome content follows
 * (`metaGothic.git.missing` from the graph's `gitStatus` code, the repository count) and, when
 * nothing was found, says in the view's message how deep it looked and what it skipped, so the
 * welcome content's buttons (change the depth, the excludes) make sense.
 */
export async function showGitStatus(gateway: Pick<Gateway, 'execute'>, view: vscode.TreeView<unknown>, discovery: DiscoverySettings): Promise<void> {
	const { gitStatus, repositories } = await queryGraph(gateway, GitStatusQuery);
	await setContext('metaGothic.git.missing', gitStatus.code === 'GIT_MISSING');
	await setContext('metaGothic.repos.count', repositories.length);
	await setContext('metaGothic.repos.uninitialised', repositories.filter((r) => r.kind === 'SUBMODULE' && !r.initialized).length);
	await setContext('metaGothic.repos.loaded', true);
	view.message =
		repositories.length === 0 && gitStatus.code !== 'GIT_MISSING'
			? `Searched ${discovery.maxDepth} folder level${discovery.maxDepth === 1 ? '' : 's'} below each workspace folder, skipping ${discovery.exclude.join(', ') || 'nothing'}.`
			: undefined;
}
