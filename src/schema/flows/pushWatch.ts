import { Disposable } from '../../common/lifecycle';
import type { ReposSource, RepositoryState } from '../contracts/repos';
import type { WorkflowsSource } from '../contracts/workflows';

/**
 * True when the step from `before` to `after` is a push of `after.headSha`: HEAD stayed where it
 * was while the upstream caught up with it (ahead fell to 0), or a branch got an upstream with
 * nothing left ahead (published). A pull, a reset or a new commit moves HEAD and is not one.
 */
export function wasPushed(before: RepositoryState | undefined, after: RepositoryState): boolean {
	if (!before || after.headSha === null || after.headSha !== before.headSha || after.branch !== before.branch || after.upstream === null || after.ahead !== 0) {
		return false;
	}
	return before.ahead > 0 || before.upstream === null;
}

/**
 * Tells the workflows source of every push seen in a repository's state, whoever made it (a face
 * of the graph, VS Code's own git, a terminal): GitHub starts runs on the pushed commit within
 * seconds, and they are looked for now rather than at the next full read of every repository.
 */
export class PushWatch extends Disposable {
	private readonly last = new Map<string, RepositoryState>();

	constructor(repos: ReposSource, workflows: Pick<WorkflowsSource, 'expectPush'>) {
		super();
		for (const state of repos.repositories) {
			this.last.set(state.path, state);
		}
		this._register(
			repos.onDidChangeRepository((state) => {
				const before = this.last.get(state.path);
				this.last.set(state.path, state);
				if (wasPushed(before, state) && state.headSha) {
					workflows.expectPush(state.path, state.headSha);
				}
			}),
		);
	}
}
