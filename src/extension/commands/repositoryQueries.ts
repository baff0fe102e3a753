/** The typed graph documents of the repository commands: picks, writes and their progress. */
import { graphql, type ResultOf } from '../../graphql';

/** What a repository pick list shows and filters on: every repository, or a group's. */
export const CommandRepositoriesQuery = graphql(`
	query CommandRepositories($group: String) {
		repositories(group: $group) {
			path name kind initialized branch detached headSha upstream ahead behind isDirty error errorCode
			parent { path }
			remotes { name }
			changes { path conflicted }
			submoduleChanges { path }
		}
	}
`);

/** One repository as the commands see it. */
export type CommandRepository = ResultOf<typeof CommandRepositoriesQuery>['repositories'][number];

export const CommitAllMutation = graphql(`
	mutation CommitAll($commits: [CommitInput!]!) {
		rows: commitAll(commits: $commits, continueOnError: true) { status sha error { code message retryable } repository { name path } }
	}
`);

export const CommitHierarchyMutation = graphql(`
	mutation CommitHierarchy($commits: [CommitInput!]!) {
		rows: commitHierarchy(commits: $commits, continueOnError: false) { status sha error { code message retryable } repository { name path } }
	}
`);

export const PushMutation = graphql(`
	mutation Push($repositories: [String!]!, $setUpstream: Boolean) {
		rows: push(repositories: $repositories, setUpstream: $setUpstream) { status sha error { code message retryable } repository { name path } }
	}
`);

export const PullMutation = graphql(`
	mutation Pull($repositories: [String!]!, $ff: Boolean) {
		rows: pull(repositories: $repositories, fastForwardOnly: $ff) { status sha error { code message retryable } repository { name path } }
	}
`);

export const FetchMutation = graphql(`
	mutation Fetch($repositories: [String!]) {
		rows: fetch(repositories: $repositories) { status sha error { code message retryable } repository { name path } }
	}
`);

export const InitializeSubmodulesMutation = graphql(`
	mutation InitializeSubmodules($repositories: [String!], $recursive: Boolean) {
		rows: initializeSubmodules(repositories: $repositories, recursive: $recursive) { status sha error { code message retryable } repository { name path } }
	}
`);

export const StageFilesMutation = graphql(`
	mutation StageFiles($repository: String!, $paths: [String!]!) {
		row: stageFiles(repository: $repository, paths: $paths) { status sha error { code message retryable } repository { name path } }
	}
`);

export const UnstageFilesMutation = graphql(`
	mutation UnstageFiles($repository: String!, $paths: [String!]!) {
		row: unstageFiles(repository: $repository, paths: $paths) { status sha error { code message retryable } repository { name path } }
	}
`);

/** Every git write starting or ending: what a batch's progress counts. */
export const RepositoryOperationSubscription = graphql(`
	subscription RepositoryOperation {
		repositoryOperation { operation phase repository { path } error { code } }
	}
`);

/** One repository's outcome of a write (every write mutation asks for the same fields). */
export type OperationRow = ResultOf<typeof PushMutation>['rows'][number];

/** A mutation whose result is a list of rows under `rows`. */
export type BatchMutation =
	| typeof CommitAllMutation
	| typeof CommitHierarchyMutation
	| typeof PushMutation
	| typeof PullMutation
	| typeof FetchMutation
	| typeof InitializeSubmodulesMutation;
