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
		// Every change of a repository's status comes here (each saved file): read its package.json
		// files again only when one of them is or was edited, its release facts only when HEAD moved.
		const seen = new Map<string, { head: string | null; manifests: string }>();
		follow = git.onDidChangeRepository((repo) => {
			const manifests = repo.changes.filter((c) => c.path === 'package.json' || c.path.endsWith('/package.json')).map((c) => c.path).join('\0');
			const before = seen.get(repo.path);
			seen.set(repo.path, { head: repo.headSha, manifests });
			const headMoved = before?.head !== repo.headSha;
			model?.invalidate(repo.path, { manifests: headMoved || manifests !== '' || before?.manifests !== manifests, releases: headMoved });
		});
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
