import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { CodedError, queryGraph } from '../errors/codedError';
import { ReleaseGitHubStatusQuery, ReleaseTargetsQuery } from '../packages/packagesQueries';
import { type ReleaseTarget, releaseTargets } from '../packages/releaseTargets';
import { createCommand } from './createCommand';

/** What the command was run on: a repository node of the Repositories view, or nothing (the palette). */
interface ReleaseCommandTarget {
	readonly repo?: { readonly path: string };
	readonly path?: string;
}

async function pickTarget(targets: readonly ReleaseTarget[]): Promise<ReleaseTarget | undefined> {
	if (targets.length === 1) {
		return targets[0];
	}
	const picked = await vscode.window.showQuickPick(
		targets.map((t) => ({ label: t.repositoryName, description: t.packages.join(', '), detail: `${t.order}. in the release plan · ${t.workflows.map((w) => w.path.split('/').pop()).join(', ')}`, target: t })),
		{ title: 'Dispatch a release workflow in', placeHolder: 'Repositories with packages to release, in release order' },
	);
	return picked?.target;
}

/**
 * Registers `metaGothic.packages.dispatchRelease`: among the repositories whose packages need a
 * release (release-plan order) and that have a release or publish workflow with a
 * `workflow_dispatch` trigger, pick one and run that workflow through the usual dispatch command
 * (ref and input prompts, progress, the run followed live). Nothing is published from the editor.
 */
export function registerDispatchRelease(gateway: Pick<Gateway, 'execute'>): vscode.Disposable {
	return createCommand('metaGothic.packages.dispatchRelease', async (node?: ReleaseCommandTarget) => {
		const { githubStatus } = await queryGraph(gateway, ReleaseGitHubStatusQuery);
		if (!githubStatus.available) {
			// Release workflows run on GitHub: its code picks the fix (Sign in to GitHub, Retry…).
			throw new CodedError(githubStatus.reason ?? 'GitHub cannot be used now: release workflows run on GitHub.', 'GITHUB', githubStatus.code ?? 'GITHUB_FAILED');
		}
		const data = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the release plan…' }, () => queryGraph(gateway, ReleaseTargetsQuery));
		const wanted = node?.repo?.path ?? node?.path;
		const all = releaseTargets(data);
		const targets = wanted ? all.filter((t) => t.repositoryPath === wanted) : all;
		if (targets.length === 0) {
			throw new CodedError(
				wanted
					? 'This repository has no package to release, or no release workflow with a workflow_dispatch trigger.'
					: 'No repository has both a package that needs a release and a release or publish workflow with a workflow_dispatch trigger.',
				'PACKAGES',
				'NOT_FOUND',
				false,
				wanted,
			);
		}
		const target = await pickTarget(targets);
		if (!target) {
			return undefined;
		}
		const workflow =
			target.workflows.length === 1
				? target.workflows[0]
				: (await vscode.window.showQuickPick(target.workflows.map((w) => ({ label: w.name, description: w.path.split('/').pop(), workflow: w })), { title: `Release ${target.packages.join(', ')} with` }))?.workflow;
		if (!workflow) {
			return undefined;
		}
		// The usual dispatch: it asks for the ref and the workflow's inputs, and follows the run.
		return vscode.commands.executeCommand('metaGothic.workflow.dispatch', { repositoryPath: target.repositoryPath, workflowPath: workflow.path });
	});
}
