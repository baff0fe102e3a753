/**
 * The git the flows need besides the repos operations: a file at a revision (a workflow file at
 * a run's commit) and putting an agent's edits back (Discard, Cancel). Writes run on the
 * repository's write queue like every other operation, and the repository is re-read after.
 */
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { FlowGit } from '../schema/contracts/flows';
import { SourceError } from '../schema/contracts/sourceError';
import { encodePath } from '../common/pathEncoding';
import type { GitModel } from './model';
import type { GitOperations } from './operations';
import { atReposEdge } from './sourceErrors';

/** NUL-separated pathspecs for `--pathspec-from-file=-`, in the paths' own bytes. */
function pathspecs(paths: readonly string[]): Buffer {
	return Buffer.concat(paths.flatMap((p) => [encodePath(p), Buffer.from([0])]));
}

/** See the module comment. */
export class GitFlowOperations implements FlowGit {
	constructor(
		private readonly model: GitModel,
		private readonly operations: GitOperations,
	) {}

	show(repositoryPath: string, filePath: string, ref: string, signal?: AbortSignal): Promise<string | null> {
		return atReposEdge(async () => (await this.operations.show(repositoryPath, filePath, ref, signal))?.toString('utf8') ?? null);
	}

	restore(repositoryPath: string, paths: readonly string[], signal?: AbortSignal): Promise<void> {
		const inside = paths.filter((p) => p && !p.startsWith('/') && !p.split('/').includes('..'));
		if (inside.length !== paths.length) {
			return Promise.reject(new SourceError('REPOS', 'BAD_USER_INPUT', 'Only paths inside the repository can be restored.'));
		}
		if (inside.length === 0) {
			return Promise.resolve();
		}
		return atReposEdge(async () => {
			try {
				await this.model.run(
					repositoryPath,
					'write',
					async () => {
						const git = this.model.git;
						const listed = await git.exec(['ls-tree', '-r', '-z', '--name-only', '--full-tree', 'HEAD', '--'], { cwd: repositoryPath, signal, allowedExitCodes: [128] });
						const inHead = new Set(listed.exitCode === 0 ? listed.stdout.toString('utf8').split('\0').filter(Boolean) : []);
						const tracked = inside.filter((p) => inHead.has(p));
						const added = inside.filter((p) => !inHead.has(p));
						if (tracked.length > 0) {
							await git.exec(['checkout', 'HEAD', '--pathspec-from-file=-', '--pathspec-file-nul'], { cwd: repositoryPath, signal, input: pathspecs(tracked) });
						}
						if (added.length > 0) {
							// Staged new files leave the index first; then the files themselves go.
							await git.exec(['rm', '-q', '--cached', '-r', '--ignore-unmatch', '--pathspec-from-file=-', '--pathspec-file-nul'], { cwd: repositoryPath, signal, input: pathspecs(added) });
							for (const p of added) {
								await rm(path.join(repositoryPath, ...p.split('/')), { force: true, recursive: true });
							}
						}
					},
					signal,
				);
			} finally {
				await this.model.refresh(repositoryPath).catch(() => undefined);
			}
		});
	}
}
