import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { CodedError, queryGraph } from '../errors/codedError';
import { showMessage } from '../errors/notify';
import { confirm, input } from '../prompts';
import { FileNode } from '../views/repositories/fileNode';
import { runBatch } from './batchOperations';
import { createCommand } from './createCommand';
import { chooseRepositories, inGroup, isDirty, isUsable, pathOf } from './repositoryPicks';
import {
	type CommandRepository, CommandRepositoriesQuery, CommitAllMutation, CommitHierarchyMutation, FetchMutation, InitializeSubmodulesMutation, PullMutation, PushMutation,
	StageFilesMutation, UnstageFilesMutation,
} from './repositoryQueries';

/** What the repository commands act on. */
export interface RepositoryCommandTargets {
	readonly gateway: Pick<Gateway, 'execute' | 'subscribe'>;
	/** The group the views and batch commands are narrowed to, if any. */
	readonly group: () => string | undefined;
}

async function askMessage(count: number): Promise<string | undefined> {
	return input({
		title: `Commit ${count} ${count === 1 ? 'repository' : 'repositories'}`,
		prompt: 'Commit message (the same for every repository picked)',
		ignoreFocusOut: true,
		validateInput: (v) => (v.trim() ? undefined : 'A commit message is required'),
	});
}

const hasRemote = (r: CommandRepository) => isUsable(r) && r.remotes.length > 0;
const canPush = (r: CommandRepository) => hasRemote(r) && r.headSha !== null && !r.detached && (r.ahead > 0 || !r.upstream);
const canPull = (r: CommandRepository) => isUsable(r) && r.upstream !== null;
const isUninitialised = (r: CommandRepository) => r.kind === 'SUBMODULE' && !r.initialized;

/** Registers the commands that write to repositories: commit, push, pull, fetch, initialize (one or all). */
export function registerRepositoryCommands(targets: RepositoryCommandTargets): vscode.Disposable[] {
	const { gateway } = targets;
	/**
	 * A node or `{ path }` names one repository; "… All" takes every candidate (the views' group),
	 * as its name says; a single-repository command run from the palette asks which.
	 */
	const choose = async (arg: unknown, accept: (r: CommandRepository) => boolean, placeHolder: string, all = false): Promise<CommandRepository[] | undefined> => {
		if (all && pathOf(arg) === undefined) {
			return (await queryGraph(gateway, CommandRepositoriesQuery, { group: targets.group() ?? null })).repositories.filter(accept);
		}
		return chooseRepositories(arg, { gateway, group: targets.group(), accept, placeHolder, pickAll: true });
	};
	const nothing = (what: string) => void showMessage('info', `${what}${inGroup(targets.group())}.`);

	const commitMany = async (hierarchical: boolean, arg?: unknown) => {
		const chosen = await choose(arg, isDirty, 'Repositories to commit (all changes, untracked files included)');
		if (!chosen) {
			return;
		}
		if (chosen.length === 0) {
			return nothing('Nothing to commit: every repository is clean');
		}
		const message = await askMessage(chosen.length);
		if (!message) {
			return;
		}
		const commits = chosen.map((r) => ({ repository: r.path, message }));
		const paths = chosen.map((r) => r.path);
		if (hierarchical) {
			await runBatch(gateway, 'Commit (submodules first)', paths, CommitHierarchyMutation, { commits });
		} else {
			await runBatch(gateway, 'Commit', paths, CommitAllMutation, { commits });
		}
	};

	const pushMany = async (arg: unknown, all: boolean, setUpstream?: boolean) => {
		const candidates = await choose(arg, setUpstream ? hasRemote : canPush, 'Repositories to push', all);
		if (!candidates) {
			return;
		}
		if (candidates.length === 0) {
			return nothing('Nothing to push');
		}
		const withUpstream = setUpstream ? [] : candidates.filter((r) => r.upstream);
		const without = setUpstream ? candidates : candidates.filter((r) => !r.upstream);
		let publish = without;
		if (without.length > 0 && !setUpstream) {
			const answer = await confirm(
				`${without.map((r) => r.name).join(', ')} ${without.length === 1 ? 'has' : 'have'} no upstream branch. Push and set the upstream to origin?`,
				'',
				'Push and Set Upstream',
			);
			publish = answer ? without : [];
		}
		if (withUpstream.length) {
			await runBatch(gateway, 'Push', withUpstream.map((r) => r.path), PushMutation, { repositories: withUpstream.map((r) => r.path), setUpstream: false });
		}
		if (publish.length) {
			await runBatch(gateway, 'Push (set upstream)', publish.map((r) => r.path), PushMutation, { repositories: publish.map((r) => r.path), setUpstream: true });
		}
	};

	const pullMany = async (arg: unknown, all: boolean) => {
		const candidates = await choose(arg, canPull, 'Repositories to pull', all);
		if (!candidates) {
			return;
		}
		if (candidates.length === 0) {
			return nothing('No repository has an upstream to pull from');
		}
		const ff = vscode.workspace.getConfiguration('metaGothic').get<boolean>('pull.fastForwardOnly', true);
		await runBatch(gateway, 'Pull', candidates.map((r) => r.path), PullMutation, { repositories: candidates.map((r) => r.path), ff });
	};

	const fetchMany = async (arg: unknown, all: boolean) => {
		const candidates = await choose(arg, hasRemote, 'Repositories to fetch', all);
		if (!candidates) {
			return;
		}
		if (candidates.length === 0) {
			return nothing('No repository has a remote to fetch from');
		}
		await runBatch(gateway, 'Fetch', candidates.map((r) => r.path), FetchMutation, { repositories: candidates.map((r) => r.path) });
	};

	const initialize = async (arg: unknown, all: boolean) => {
		// "Initialize All" takes every uninitialised submodule, and theirs (recursive); one asks which.
		const candidates = await choose(arg, isUninitialised, 'Submodules to initialize (check out)', all);
		if (!candidates) {
			return;
		}
		if (candidates.length === 0) {
			return nothing('Every submodule is initialised');
		}
		const paths = candidates.map((r) => r.path);
		await runBatch(gateway, all ? 'Initialize all submodules' : 'Initialize', paths, InitializeSubmodulesMutation, { repositories: paths, recursive: true });
	};

	const onePath = (arg: unknown): string | undefined => pathOf(arg);

	return [
		createCommand('metaGothic.repos.commitAll', () => commitMany(false)),
		createCommand('metaGothic.repos.commitHierarchy', () => commitMany(true)),
		createCommand('metaGothic.repos.pushAll', () => pushMany(undefined, true)),
		createCommand('metaGothic.repos.pullAll', () => pullMany(undefined, true)),
		createCommand('metaGothic.repos.fetchAll', () => fetchMany(undefined, true)),
		createCommand('metaGothic.repos.initializeAll', () => initialize(undefined, true)),
		createCommand('metaGothic.repo.commit', (arg?: unknown) => commitMany(false, arg)),
		createCommand('metaGothic.repo.push', (arg?: unknown) => pushMany(arg, false)),
		createCommand('metaGothic.repo.publish', (arg?: unknown) => pushMany(arg, false, true)),
		createCommand('metaGothic.repo.pull', (arg?: unknown) => pullMany(arg, false)),
		createCommand('metaGothic.repo.fetch', (arg?: unknown) => fetchMany(arg, false)),
		createCommand('metaGothic.repo.initialize', (arg?: unknown) => initialize(arg, false)),
		createCommand('metaGothic.repo.openTerminal', (arg?: unknown) => {
			const repo = onePath(arg);
			if (repo) {
				vscode.window.createTerminal({ name: repo.split(/[\\/]/).pop(), cwd: repo }).show();
			}
		}),
		createCommand('metaGothic.repo.revealInExplorer', async (arg?: unknown) => {
			const repo = onePath(arg);
			if (repo) {
				await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(repo));
			}
		}),
		createCommand('metaGothic.file.stage', (node?: unknown) => stageOrUnstage(gateway, 'stage', node)),
		createCommand('metaGothic.file.unstage', (node?: unknown) => stageOrUnstage(gateway, 'unstage', node)),
	];
}

async function stageOrUnstage(gateway: Pick<Gateway, 'execute'>, what: 'stage' | 'unstage', node: unknown): Promise<void> {
	if (!(node instanceof FileNode)) {
		throw new Error('Choose a changed file in the Repositories view.');
	}
	const variables = { repository: node.repositoryPath, paths: [node.change.path] };
	const { row } = what === 'stage' ? await queryGraph(gateway, StageFilesMutation, variables) : await queryGraph(gateway, UnstageFilesMutation, variables);
	if (row.status !== 'SUCCEEDED') {
		throw new CodedError(row.error?.message ?? `Could not ${what} ${node.change.path}`, 'REPOS', row.error?.code ?? 'GIT_FAILED', row.error?.retryable ?? false, node.repositoryPath);
	}
}

