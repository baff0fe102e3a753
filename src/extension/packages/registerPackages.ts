import * as vscode from 'vscode';
import { GitReleaseHistory } from '../../git/releaseHistory';
import type { GitModel } from '../../git/model';
import { NpmPackages } from '../../npm/packagesModel';
import type { Gateway } from '../../schema/gateway';
import { SwitchablePackages } from '../../schema/packages/switchablePackages';
import { UnavailablePackages } from '../../schema/unavailableSources';
import { registerDispatchRelease } from '../commands/dispatchReleaseCommand';
import { log } from '../log';

/** The graph's packages source: nothing is read until the workspace is trusted. */
export function createPackagesSource(): SwitchablePackages {
	return new SwitchablePackages(new UnavailablePackages('Packages are read only in a trusted workspace: their release tags come from git.', 'UNTRUSTED'));
}

/**
 * The packages face: plugs the npm adapter into `source` once the workspace is trusted (at
 * activation or later, without a reload), keeps it in step with the repositories, and registers
 * the release command. The adapter's git facts come from the git adapter, wired here.
 */
export function registerPackages(gateway: Pick<Gateway, 'execute'>, source: SwitchablePackages, git: GitModel, roots: () => readonly string[]): vscode.Disposable[] {
	let model: NpmPackages | undefined;
	let follow: { dispose(): void } | undefined;
	const disposables: vscode.Disposable[] = [
		registerDispatchRelease(gateway),
		new vscode.Disposable(() => {
			follow?.dispose();
			model?.dispose();
		}),
	];
	const connect = () => {
		if (model) {
			return;
		}
		model = new NpmPackages({ roots, history: new GitReleaseHistory(git.git) });
		// A commit, a new tag or an edited package.json: read that repository's packages again.
		follow = git.onDidChangeRepository((repo) => model?.invalidate(repo.path));
		source.use(model);
		log.info('Packages: connected to the graph');
	};
	if (vscode.workspace.isTrusted) {
		connect();
	} else {
		disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(connect));
	}
	return disposables;
}
