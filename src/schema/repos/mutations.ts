import { redact } from '../../common/redact';
import type { CommitOutcome, ReposOperations, ReposSource } from '../contracts/repos';
import { isSourceError, SourceError, type ReposErrorCode } from '../contracts/sourceError';
import { operationsGetter, type ReposOperationsProvider } from './reposOperations';

/** `child` relative to `parent`, `/`-separated, as git names a submodule. */
function relativeTo(parent: string, child: string): string {
	return child.slice(parent.length).replace(/^[\\/]+/, '').split('\\').join('/');
}

/** Per-request context the gateway passes: the caller's cancellation. */
export interface OperationContext {
	signal?: AbortSignal;
}

/** An {@link OperationResult} before `repository` is resolved from its path. */
export interface OperationResultRecord {
	path: string;
	status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
	sha: string | null;
	error: { code: ReposErrorCode; message: string; retryable: boolean } | null;
}

interface CommitInput {
	repository: string;
	message: string;
	paths?: string[] | null;
}

function toError(err: unknown): { code: ReposErrorCode; message: string; retryable: boolean } {
	if (isSourceError(err, 'REPOS')) {
		return { code: err.code, message: err.message, retryable: err.retryable };
	}
	// Not from the adapter's edge (a bug): still no credential, which git echoes from remote URLs.
	return { code: 'GIT_FAILED', message: redact(err instanceof Error ? err.message : String(err)), retryable: false };
}

function fromOutcome(outcome: CommitOutcome): OperationResultRecord {
	switch (outcome.status) {
		case 'committed':
			return { path: outcome.path, status: 'SUCCEEDED', sha: outcome.sha, error: null };
		case 'failed':
			return { path: outcome.path, status: 'FAILED', sha: null, error: toError(outcome.error) };
		case 'skipped':
			return { path: outcome.path, status: 'SKIPPED', sha: null, error: null };
	}
}

/**
 * Resolvers of the repos subschema's mutations. Unknown paths are refused before any work
 * starts; after that each repository ends with its own result, so one failure never hides the
 * others' outcome. Whether writes are allowed is asked per mutation, so a permission granted
 * after the graph was built (workspace trust) takes effect at once.
 */
export function createReposMutations(source: ReposSource, provider: ReposOperationsProvider | undefined) {
	const currentOperations = operationsGetter(provider);
	const requireOperations = (): ReposOperations => {
		const operations = currentOperations();
		if (!operations) {
			throw new SourceError('REPOS', 'UNTRUSTED', 'Repositories are read-only here: an untrusted workspace runs no git writes. Trust the workspace to commit, push or pull.');
		}
		return operations;
	};
	const requireKnown = (paths: readonly string[]): void => {
		const unknown = paths.filter((p) => !source.get(p));
		if (unknown.length > 0) {
			throw new SourceError('REPOS', 'NOT_FOUND', `No repository at ${unknown.join(', ')}`);
		}
	};
	const each = (paths: readonly string[], fn: (path: string) => Promise<string | null | void>): Promise<OperationResultRecord[]> =>
		// The git runner's pool bounds how many run at once; starting them together keeps it busy.
		Promise.all(
			paths.map(async (path) => {
				try {
					const sha = await fn(path);
					return { path, status: 'SUCCEEDED' as const, sha: sha ?? null, error: null };
				} catch (err) {
					return { path, status: 'FAILED' as const, sha: null, error: toError(err) };
				}
			}),
		);
	const specs = (commits: readonly CommitInput[]) => commits.map((c) => ({ path: c.repository, message: c.message, ...(c.paths ? { paths: c.paths } : {}) }));

	return {
		stageFiles: async (_: unknown, args: { repository: string; paths: string[] }, ctx: OperationContext) => {
			const ops = requireOperations();
			requireKnown([args.repository]);
			return (await each([args.repository], (p) => ops.stage(p, args.paths, ctx.signal)))[0];
		},
		unstageFiles: async (_: unknown, args: { repository: string; paths: string[] }, ctx: OperationContext) => {
			const ops = requireOperations();
			requireKnown([args.repository]);
			return (await each([args.repository], (p) => ops.unstage(p, args.paths, ctx.signal)))[0];
		},
		commit: async (_: unknown, args: { repository: string; message: string; paths?: string[] | null }, ctx: OperationContext) => {
			const ops = requireOperations();
			requireKnown([args.repository]);
			return (await each([args.repository], (p) => ops.commit(p, args.message, { ...(args.paths ? { paths: args.paths } : {}), signal: ctx.signal })))[0];
		},
		commitAll: async (_: unknown, args: { commits: CommitInput[]; continueOnError: boolean }, ctx: OperationContext) => {
			const ops = requireOperations();
			requireKnown(args.commits.map((c) => c.repository));
			return (await ops.commitAll(specs(args.commits), { continueOnError: args.continueOnError, signal: ctx.signal })).map(fromOutcome);
		},
		commitHierarchy: async (_: unknown, args: { commits: CommitInput[]; continueOnError: boolean }, ctx: OperationContext) => {
			const ops = requireOperations();
			requireKnown(args.commits.map((c) => c.repository));
			return (await ops.commitHierarchy(specs(args.commits), { continueOnError: args.continueOnError, signal: ctx.signal })).map(fromOutcome);
		},
		push: async (_: unknown, args: { repositories: string[]; setUpstream: boolean }, ctx: OperationContext) => {
			const ops = requireOperations();
			requireKnown(args.repositories);
			return each(args.repositories, (p) => ops.push(p, { setUpstream: args.setUpstream, signal: ctx.signal }));
		},
		pull: async (_: unknown, args: { repositories: string[]; fastForwardOnly: boolean }, ctx: OperationContext) => {
			const ops = requireOperations();
			requireKnown(args.repositories);
			return each(args.repositories, (p) => ops.pull(p, { ffOnly: args.fastForwardOnly, signal: ctx.signal }));
		},
		initializeSubmodules: async (_: unknown, args: { repositories?: string[] | null; recursive: boolean }, ctx: OperationContext) => {
			const ops = requireOperations();
			const paths = args.repositories ?? source.repositories.filter((r) => r.kind === 'SUBMODULE' && !r.initialized).map((r) => r.path);
			requireKnown(paths);
			const notSubmodules = paths.filter((p) => source.get(p)?.kind !== 'SUBMODULE' || !source.get(p)?.parentPath);
			if (notSubmodules.length > 0) {
				throw new SourceError('REPOS', 'BAD_USER_INPUT', `Not a submodule: ${notSubmodules.join(', ')}`);
			}
			// One git call per parent, for all of its submodules asked for.
			const byParent = new Map<string, string[]>();
			for (const p of paths) {
				const parent = source.get(p)?.parentPath as string;
				byParent.set(parent, [...(byParent.get(parent) ?? []), p]);
			}
			const outcomes = new Map<string, OperationResultRecord>();
			await Promise.all(
				[...byParent].map(async ([parent, children]) => {
					const relative = children.map((c) => relativeTo(parent, c));
					const [row] = await each([parent], (p) => ops.initializeSubmodules(p, { paths: relative, recursive: args.recursive, signal: ctx.signal }));
					for (const child of children) {
						outcomes.set(child, { ...row, path: child, sha: source.get(child)?.headSha ?? null });
					}
				}),
			);
			return paths.map((p) => outcomes.get(p) as OperationResultRecord);
		},
		fetch: async (_: unknown, args: { repositories?: string[] | null }, ctx: OperationContext) => {
			const ops = requireOperations();
			const paths = args.repositories ?? source.repositories.filter((r) => r.initialized && !r.error && r.remotes.length > 0).map((r) => r.path);
			requireKnown(paths);
			return each(paths, (p) => ops.fetch(p, { prune: true, signal: ctx.signal }));
		},
	};
}
