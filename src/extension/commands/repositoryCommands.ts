import * as vscode from 'vscode';
import type { GitOperations } from '../../git/operations';
import type { RepositoryState } from '../../schema/contracts/repos';
import type { Gateway } from '../../schema/gateway';
import { FileNode } from '../views/repositories/fileNode';
import { RepositoryNode } from '../views/repositories/repositoryNode';
import { runBatch } from './batchOperations';
import { createCommand } from './createCommand';

/** What the repository commands act on. */
export interface RepositoryCommandTargets {
	gateway: Gateway;
	repositories(): readonly RepositoryState[];
	operations: GitOperations;
}

const COMMIT_ALL = `mutation CommitAll($commits: [CommitInput!]!) {
	commitAll(commits: $commits, continueOnError: true) { status error { code message } repository { name path } }
}`;
const COMMIT_HIERARCHY = `mutation CommitHierarchy($commits: [CommitInput!]!) {
	commitHierarchy(commits: $commits, continueOnError: false) { status error { code message } repository { name path } }
}`;
const PUSH = `mutation Push($repositories: [String!]!, $setUpstream: Boolean) {
	push(repositories: $repositories, setUpstream: $setUpstream) { status error { code message } repository { name path } }
}`;
const PULL = `mutation Pull($repositories: [String!]!, $ff: Boolean) {
	pull(repositories: $repositories, fastForwardOnly: $ff) { status error { code message } repository { name path } }
}`;
const FETCH = `mutation Fetch($repositories: [String!]) {
	fetch(repositories: $repositories) { status error { code message } repository { name path } }
}`;

function isDirty(r: RepositoryState): boolean {
	return r.initialized && !r.error && (r.changes.length > 0 || r.submoduleChanges.length > 0);
}

function describeChanges(r: RepositoryState): string {
	const parts = [r.branch ?? 'detached'];
	if (r.changes.length) {
		parts.push(`${r.changes.length} changed`);
	}
	if (r.submoduleChanges.length) {
		parts.push(`${r.submoduleChanges.length} submodule${r.submoduleChanges.length === 1 ? '' : 's'}`);
	}
	return parts.join(' · ');
}

/** Asks which repositories to act on; all are picked to start with. */
async function pickRepositories(candidates: readonly RepositoryState[], placeHolder: string, describe: (r: RepositoryState) => string): Promise<RepositoryState[] | undefined> {
	const picked = await vscode.window.showQuickPick(
		candidates.map((r) => ({ label: r.name, description: describe(r), detail: r.path, picked: true, repo: r })),
		{ canPickMany: true, placeHolder, matchOnDescription: true, ignoreFocusOut: true },
	);
	return picked?.length ? picked.map((p) => p.repo) : undefined;
}

async function askMessage(count: number): Promise<string | undefined> {
	return vscode.window.showInputBox({
		title: `Commit ${count} ${count === 1 ? 'repository' : 'repositories'}`,
		prompt: 'Commit message (the same for every repository picked)',
		ignoreFocusOut: true,
		validateInput: (v) => (v.trim() ? undefined : 'A commit message is required'),
	});
}

function repositoryOf(node: unknown, targets: RepositoryCommandTargets): RepositoryState | undefined {
	if (node instanceof RepositoryNode) {
		return targets.repositories().find((r) => r.path === node.repo.path);
	}
	return undefined;
}

/** Registers the commands that write to repositories: commit, push, pull, fetch (one or all). */
export function registerRepositoryCommands(targets: RepositoryCommandTargets): vscode.Disposable[] {
	const runner = { gateway: targets.gateway, onDidRunOperation: targets.operations.onDidRunOperation };

	const commitMany = async (hierarchical: boolean, only?: RepositoryState) => {
		const dirty = only ? [only] : targets.repositories().filter(isDirty);
		if (dirty.length === 0) {
			void vscode.window.showInformationMessage('Nothing to commit: every repository is clean.');
			return;
		}
		const chosen = only ? [only] : await pickRepositories(dirty, 'Repositories to commit (all changes, untracked files included)', describeChanges);
		if (!chosen) {
			return;
		}
		const message = await askMessage(chosen.length);
		if (!message) {
			return;
		}
		const commits = chosen.map((r) => ({ repository: r.path, message }));
		await runBatch(runner, hierarchical ? 'Commit (submodules first)' : 'Commit', commits.length, hierarchical ? COMMIT_HIERARCHY : COMMIT_ALL, { commits }, hierarchical ? 'commitHierarchy' : 'commitAll');
	};

	const pushMany = async (only?: RepositoryState) => {
		const candidates = only ? [only] : targets.repositories().filter((r) => r.initialized && !r.error && r.headSha && (r.ahead > 0 || !r.upstream) && r.remotes.length > 0);
		if (candidates.length === 0) {
			void vscode.window.showInformationMessage('Nothing to push.');
			return;
		}
		const withUpstream = candidates.filter((r) => r.upstream);
		const without = candidates.filter((r) => !r.upstream);
		let setUpstreamFor: RepositoryState[] = [];
		if (without.length > 0) {
			const answer = await vscode.window.showWarningMessage(
				`${without.map((r) => r.name).join(', ')} ${without.length === 1 ? 'has' : 'have'} no upstream branch. Push and set the upstream to origin?`,
				{ modal: true },
				'Push and Set Upstream',
			);
			setUpstreamFor = answer ? without : [];
		}
		if (withUpstream.length) {
			await runBatch(runner, 'Push', withUpstream.length, PUSH, { repositories: withUpstream.map((r) => r.path), setUpstream: false }, 'push');
		}
		if (setUpstreamFor.length) {
			await runBatch(runner, 'Push (set upstream)', setUpstreamFor.length, PUSH, { repositories: setUpstreamFor.map((r) => r.path), setUpstream: true }, 'push');
		}
	};

	const pullMany = async (only?: RepositoryState) => {
		const candidates = only ? [only] : targets.repositories().filter((r) => r.initialized && !r.error && r.upstream);
		if (candidates.length === 0) {
			void vscode.window.showInformationMessage('No repository has an upstream to pull from.');
			return;
		}
		const ff = vscode.workspace.getConfiguration('metaGothic').get<boolean>('pull.fastForwardOnly', true);
		await runBatch(runner, 'Pull', candidates.length, PULL, { repositories: candidates.map((r) => r.path), ff }, 'pull');
	};

	const fetchMany = async (only?: RepositoryState) => {
		const candidates = only ? [only] : targets.repositories().filter((r) => r.initialized && !r.error && r.remotes.length > 0);
		await runBatch(runner, 'Fetch', candidates.length, FETCH, { repositories: candidates.map((r) => r.path) }, 'fetch');
	};

	return [
		createCommand('metaGothic.repos.commitAll', () => commitMany(false)),
		createCommand('metaGothic.repos.commitHierarchy', () => commitMany(true)),
		createCommand('metaGothic.repos.pushAll', () => pushMany()),
		createCommand('metaGothic.repos.pullAll', () => pullMany()),
		createCommand('metaGothic.repos.fetchAll', () => fetchMany()),
		createCommand('metaGothic.repo.commit', (node?: unknown) => commitMany(false, repositoryOf(node, targets))),
		createCommand('metaGothic.repo.push', (node?: unknown) => pushMany(repositoryOf(node, targets))),
		createCommand('metaGothic.repo.pull', (node?: unknown) => pullMany(repositoryOf(node, targets))),
		createCommand('metaGothic.repo.fetch', (node?: unknown) => fetchMany(repositoryOf(node, targets))),
		createCommand('metaGothic.repo.openTerminal', (node?: unknown) => {
			const repo = repositoryOf(node, targets);
			if (repo) {
				vscode.window.createTerminal({ name: repo.name, cwd: repo.path }).show();
			}
		}),
		createCommand('metaGothic.repo.revealInExplorer', async (node?: unknown) => {
			const repo = repositoryOf(node, targets);
			if (repo) {
				await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(repo.path));
			}
		}),
		createCommand('metaGothic.file.stage', (node?: unknown) => stageOrUnstage(targets.gateway, 'stageFiles', node)),
		createCommand('metaGothic.file.unstage', (node?: unknown) => stageOrUnstage(targets.gateway, 'unstageFiles', node)),
	];
}

async function stageOrUnstage(gateway: Gateway, field: 'stageFiles' | 'unstageFiles', node: unknown): Promise<void> {
	if (!(node instanceof FileNode)) {
		throw new Error('Choose a changed file in the Repositories view.');
	}
	const result = await gateway.execute({
		query: `mutation($r: String!, $p: [String!]!) { ${field}(repository: $r, paths: $p) { status error { message } } }`,
		variables: { r: node.repositoryPath, p: [node.change.path] },
	});
	const row = (result.data as Record<string, { status: string; error: { message: string } | null }> | undefined)?.[field];
	if (result.errors?.length || row?.status !== 'SUCCEEDED') {
		throw new Error(row?.error?.message ?? result.errors?.[0]?.message ?? 'The operation failed');
	}
}
