import { REPOS_ERROR_CODES } from '../contracts/sourceError';
import { enumSdl } from '../enumSdl';

/** SDL of the repos subschema: git state of every repository in the workspace. */
export const reposTypeDefs = /* GraphQL */ `
	${enumSdl('RepositoryErrorCode', 'Why a repository or a git operation failed (extensions.code of the repos domain).', REPOS_ERROR_CODES)}

	"""Where a repository sits in the meta-repository."""
	enum RepositoryKind {
		"A workspace folder that is itself a repository."
		ROOT
		"A git submodule of another repository."
		SUBMODULE
		"A repository found in a folder below another one, not registered as a submodule."
		NESTED
		"A linked worktree of another repository."
		WORKTREE
	}

	"""The state of one side (index or working tree) of a changed path."""
	enum FileStatus {
		UNMODIFIED
		MODIFIED
		ADDED
		DELETED
		RENAMED
		COPIED
		TYPE_CHANGED
		UNTRACKED
		IGNORED
		UNMERGED
	}

	"""A changed path, as git status reports it."""
	type FileChange {
		"Path relative to the repository root."
		path: String!
		"For a rename or copy, the path it came from."
		originalPath: String
		indexStatus: FileStatus!
		worktreeStatus: FileStatus!
		conflicted: Boolean!
	}

	"""A configured remote. Credentials in a URL's userinfo read as [REDACTED]."""
	type Remote {
		name: String!
		fetchUrl: String
		"""The pushurl if set, otherwise the fetch URL."""
		pushUrl: String
	}

	"""A git repository of the workspace. Keyed by its absolute path."""
	type Repository {
		path: String!
		name: String!
		kind: RepositoryKind!
		"The repository this one is a submodule, nested repository or worktree of."
		parent: Repository
		"Repositories whose parent this is."
		children: [Repository!]!
		"False for a submodule that is registered but not checked out."
		initialized: Boolean!
		"Current branch; null when HEAD is detached."
		branch: String
		detached: Boolean!
		"Commit HEAD points at; null on an unborn branch."
		headSha: String
		upstream: String
		ahead: Int!
		behind: Int!
		stashes: Int!
		"True when any file or submodule pointer differs from HEAD."
		isDirty: Boolean!
		"Changed files, without submodule pointer changes."
		changes: [FileChange!]!
		"Submodules whose checked-out commit or content differs from what this repository records."
		submoduleChanges: [FileChange!]!
		remotes: [Remote!]!
		"Why the last read of this repository failed, if it did."
		error: String
		"The code of error: GIT_MISSING, REPOSITORY_GONE, NOT_A_REPOSITORY…"
		errorCode: RepositoryErrorCode
		"When git state was last read (ISO 8601)."
		updatedAt: String!
		"True while the workspace's first scan has found the repository but not read it yet: its git fields are blank until then."
		loading: Boolean!
	}

	"""A named set of repositories from the setting metaGothic.repos.groups."""
	type RepositoryGroup {
		name: String!
		"Paths or globs, relative to a workspace folder or absolute, as the setting lists them. A parent's entry does not include its submodules; 'path/**' does."
		patterns: [String!]!
		"How many known repositories are in the group (0 when it is invalid)."
		repositoryCount: Int!
		"The group's repositories, parents before their children (none when it is invalid)."
		repositories: [Repository!]!
		"Why the group cannot be used (an invalid entry, one problem per line); null when it can."
		error: String
	}

	"""Whether git can be used here."""
	type GitStatus {
		available: Boolean!
		"Why not: GIT_MISSING or UNTRUSTED; null when git can be used."
		code: RepositoryErrorCode
		reason: String
	}

	type Query {
		"Whether git can be used; never an error."
		gitStatus: GitStatus!
		"Every repository of the workspace, parents before their children; only those of a group when one is named."
		repositories(group: String): [Repository!]!
		"The groups of the setting metaGothic.repos.groups, in its order."
		repositoryGroups: [RepositoryGroup!]!
		repository(path: String!): Repository
		"Entry point for the stitch: repositories by path, null where none is known."
		_repositoriesByPath(paths: [String!]!): [Repository]!
	}

	"One repository's part of a batch commit."
	input CommitInput {
		repository: String!
		message: String!
		"Commit only these paths (relative to the repository); every change when absent."
		paths: [String!]
	}

	enum OperationStatus {
		SUCCEEDED
		FAILED
		"Not attempted, because an earlier repository failed and continueOnError was false."
		SKIPPED
	}

	type OperationError {
		"What went wrong, e.g. HOOK_REJECTED, NOT_FAST_FORWARD, NO_UPSTREAM, INDEX_LOCKED, NOTHING_TO_COMMIT."
		code: RepositoryErrorCode!
		"What git said, with the hook's output when a hook rejected the commit."
		message: String!
		"Whether the same write may succeed if tried again (a held lock, an unreachable remote)."
		retryable: Boolean!
	}

	"What a write did to one repository."
	type OperationResult {
		repository: Repository!
		status: OperationStatus!
		"The new HEAD, for a commit."
		sha: String
		error: OperationError
	}

	type Mutation {
		"Discovers repositories again and re-reads every status."
		refreshRepositories: [Repository!]!
		"Re-reads one repository's status."
		refreshRepository(path: String!): Repository
		stageFiles(repository: String!, paths: [String!]!): OperationResult!
		unstageFiles(repository: String!, paths: [String!]!): OperationResult!
		"Commits in one repository; hooks run."
		commit(repository: String!, message: String!, paths: [String!]): OperationResult!
		"Commits in many repositories. A repository whose commit fails keeps its index and working tree as they were."
		commitAll(commits: [CommitInput!]!, continueOnError: Boolean = true): [OperationResult!]!
		"Commits submodules deepest first, then each parent records the new submodule pointers."
		commitHierarchy(commits: [CommitInput!]!, continueOnError: Boolean = true): [OperationResult!]!
		"Pushes each repository (never forced); setUpstream pushes a branch without upstream to origin."
		push(repositories: [String!]!, setUpstream: Boolean = false): [OperationResult!]!
		"Pulls each repository, fast-forward only unless fastForwardOnly is false."
		pull(repositories: [String!]!, fastForwardOnly: Boolean = true): [OperationResult!]!
		"Fetches (with --prune) the given repositories, or every repository."
		fetch(repositories: [String!]): [OperationResult!]!
		"Checks out registered submodules that are not checked out yet (the given ones, or all), and with recursive the submodules inside them. One result per submodule asked for."
		initializeSubmodules(repositories: [String!], recursive: Boolean = true): [OperationResult!]!
	}

	enum RepositoryOperationKind {
		stage
		unstage
		commit
		push
		pull
		fetch
		initialize
		show
	}

	enum RepositoryOperationPhase {
		start
		end
	}

	"An operation starting or ending in one repository: the progress of a batch."
	type RepositoryOperationEvent {
		repository: Repository!
		operation: RepositoryOperationKind!
		phase: RepositoryOperationPhase!
		"Set on an end that failed."
		error: OperationError
	}

	type Subscription {
		"Fires with the new state whenever a repository's git state changes."
		repositoryChanged(path: String): Repository!
		"Fires when a git write starts or ends in a repository (the progress of commit, push, pull, fetch, initialize)."
		repositoryOperation: RepositoryOperationEvent!
	}
`;
