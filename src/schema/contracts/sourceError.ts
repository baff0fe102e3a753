/**
 * The one error type that crosses from an adapter (git, GitHub, Claude, the npm registry) into
 * the graph and on to the faces. Each adapter turns its own failures into a `SourceError` at its
 * edge; the graph reports `code` as `extensions.code` unchanged; a face picks its message and the
 * action that fixes it from the code, never from the text (VS Code's git API does the same with
 * `GitErrorCodes`).
 *
 * The codes are closed unions, one per domain, listed once here so the SDL enums, the faces'
 * switch statements and the tests all read the same list.
 */
import { redact } from '../../common/redact';

/** The domains of the graph, as `extensions.domain` names them. */
export type SourceDomain = 'REPOS' | 'GITHUB' | 'CLAUDE' | 'PACKAGES';

/** Failures of git and the repositories (the repos domain). */
export const REPOS_ERROR_CODES = [
	/** The git executable could not be started. */
	'GIT_MISSING',
	/** The workspace is not trusted: no git process is started. */
	'UNTRUSTED',
	/** No repository of the workspace has the given path. */
	'NOT_FOUND',
	/** The repository's folder is gone. */
	'REPOSITORY_GONE',
	/** The folder is not a repository, or its `.git` is unreadable (corrupt HEAD, a `.git` file pointing nowhere). */
	'NOT_A_REPOSITORY',
	/** Another git process holds `index.lock`. */
	'INDEX_LOCKED',
	/** A hook (pre-commit, commit-msg, pre-push…) refused; the message holds its output. */
	'HOOK_REJECTED',
	/** There was nothing to commit. */
	'NOTHING_TO_COMMIT',
	/** The remote refused the push: it is not a fast-forward (someone pushed first). */
	'PUSH_REJECTED',
	/** A fast-forward-only pull was impossible because the branches diverged. */
	'NOT_FAST_FORWARD',
	/** The branch has no upstream, or the remote branch is gone. */
	'NO_UPSTREAM',
	/** Unmerged paths stop the operation. */
	'CONFLICT',
	/** Local changes would be overwritten. */
	'LOCAL_CHANGES_OVERWRITTEN',
	/** The remote could not be reached, or refused the credentials. */
	'REMOTE_UNREACHABLE',
	/** The caller cancelled. */
	'CANCELLED',
	/** The request itself is wrong (an empty message, a path outside the repository). */
	'BAD_USER_INPUT',
	/** git failed in another way; the message says how. */
	'GIT_FAILED',
] as const;

/** Failures of GitHub (the workflows domain). */
export const GITHUB_ERROR_CODES = [
	/** No GitHub session or token. */
	'SIGNED_OUT',
	/** GitHub rejected the token (revoked, expired, wrong). */
	'UNAUTHORIZED',
	/** A primary or secondary rate limit holds; `retryAt` says until when. */
	'RATE_LIMITED',
	/** GitHub could not be reached. */
	'OFFLINE',
	/** The workspace is not trusted: GitHub is not read (repositories are found through git). */
	'UNTRUSTED',
	/** No such repository, workflow, run or job, or the account cannot see it. */
	'NOT_FOUND',
	/** GitHub refused the request (missing scope, SSO, a refused action). */
	'FORBIDDEN',
	/** The thing is in the wrong state (cancelling a finished run). */
	'CONFLICT',
	/** Gone for good (expired logs). */
	'GONE',
	/** GitHub refused the request's content. */
	'VALIDATION_FAILED',
	/** GitHub answered with a server error. */
	'SERVER_ERROR',
	/** A workflow file could not be read (invalid YAML or inputs). */
	'WORKFLOW_FILE_INVALID',
	/** The request itself is wrong (an unknown input, a bad ref). */
	'BAD_USER_INPUT',
	/** GitHub failed in another way; the message says how. */
	'GITHUB_FAILED',
] as const;

/** Failures of the Claude CLI and agent runs. */
export const CLAUDE_ERROR_CODES = [
	/** The `claude` CLI was not found. */
	'CLI_MISSING',
	/** The CLI started but failed (a crash, an API error, a non-zero exit). */
	'CLI_FAILED',
	/** The workspace is not trusted: no agent is started. */
	'UNTRUSTED',
	/** No such run. */
	'NOT_FOUND',
	/** The run is not in a state that allows this (cancelling a finished run). */
	'CONFLICT',
	/** The workspace's daily budget for agent runs is spent. */
	'BUDGET_EXCEEDED',
	/** No prompt template has that name. */
	'TEMPLATE_NOT_FOUND',
	/** The caller cancelled. */
	'CANCELLED',
	/** Fix with Claude already ran as many rounds on this failure as `metaGothic.flows.maxRounds` allows. */
	'ROUND_LIMIT',
	/** The request itself is wrong (an empty prompt, a folder that is not a repository). */
	'BAD_USER_INPUT',
] as const;

/** Failures of the npm registry and package manifests. */
export const PACKAGES_ERROR_CODES = [
	/** The registry could not be reached. */
	'REGISTRY_UNREACHABLE',
	/** The registry refused the credentials (a missing, wrong or expired token). */
	'UNAUTHORIZED',
	/** No such package (a package never published is in this state, not in error). */
	'NOT_FOUND',
	/** The workspace is not trusted: no package.json is read and no registry is asked. */
	'UNTRUSTED',
	/** A package.json could not be read. */
	'MANIFEST_INVALID',
	/** The request itself is wrong. */
	'BAD_USER_INPUT',
	/** The registry failed in another way. */
	'REGISTRY_FAILED',
] as const;

/** A repos-domain code. */
export type ReposErrorCode = (typeof REPOS_ERROR_CODES)[number];
/** A GitHub-domain code. */
export type GitHubErrorCode = (typeof GITHUB_ERROR_CODES)[number];
/** A Claude-domain code. */
export type ClaudeErrorCode = (typeof CLAUDE_ERROR_CODES)[number];
/** A packages-domain code. */
export type PackagesErrorCode = (typeof PACKAGES_ERROR_CODES)[number];

/** The codes of each domain. */
export interface SourceErrorCodes {
	REPOS: ReposErrorCode;
	GITHUB: GitHubErrorCode;
	CLAUDE: ClaudeErrorCode;
	PACKAGES: PackagesErrorCode;
}

/** Every code of every domain, by domain. */
export const SOURCE_ERROR_CODES: { readonly [D in SourceDomain]: readonly SourceErrorCodes[D][] } = {
	REPOS: REPOS_ERROR_CODES,
	GITHUB: GITHUB_ERROR_CODES,
	CLAUDE: CLAUDE_ERROR_CODES,
	PACKAGES: PACKAGES_ERROR_CODES,
};

/** Codes that may succeed if the same request is sent again later. */
const RETRYABLE: ReadonlySet<string> = new Set(['INDEX_LOCKED', 'REMOTE_UNREACHABLE', 'RATE_LIMITED', 'OFFLINE', 'SERVER_ERROR', 'REGISTRY_UNREACHABLE']);

/** Options of a {@link SourceError}. */
export interface SourceErrorOptions {
	/** Whether sending the same request again may succeed; by default true for the transient codes. */
	retryable?: boolean;
	/** When a retry makes sense (a rate limit lifts). */
	retryAt?: Date;
	/** The HTTP status the adapter saw, if any. */
	status?: number;
	/** Secrets to remove from the message, on top of anything token-shaped. */
	secrets?: readonly (string | undefined)[];
	cause?: unknown;
}

/**
 * A failure an adapter reports: a domain, a code from that domain's closed list, whether a retry
 * may help, and a message that is safe to show anywhere (credentials are removed on construction).
 */
export class SourceError<D extends SourceDomain = SourceDomain> extends Error {
	override readonly name = 'SourceError';
	readonly retryable: boolean;
	readonly retryAt: Date | undefined;
	readonly status: number | undefined;

	constructor(
		readonly domain: D,
		readonly code: SourceErrorCodes[D],
		message: string,
		options: SourceErrorOptions = {},
	) {
		super(redact(message, options.secrets ?? []), options.cause === undefined ? undefined : { cause: options.cause });
		this.retryable = options.retryable ?? RETRYABLE.has(code);
		this.retryAt = options.retryAt;
		this.status = options.status;
	}

	/**
	 * What goes into a GraphQL error's `extensions`. graphql-js copies an original error's
	 * `extensions` onto the error it reports, so a resolver simply throws a `SourceError`.
	 */
	get extensions(): SourceErrorExtensions {
		return this.toExtensions();
	}

	/** See {@link SourceError.extensions}. */
	toExtensions(): SourceErrorExtensions {
		return {
			code: this.code,
			domain: this.domain,
			retryable: this.retryable,
			...(this.retryAt ? { retryAt: this.retryAt.toISOString() } : {}),
			...(this.status !== undefined ? { status: this.status } : {}),
		};
	}
}

/** The `extensions` of a GraphQL error that came from a {@link SourceError}. */
export interface SourceErrorExtensions {
	code: string;
	domain: SourceDomain;
	retryable: boolean;
	retryAt?: string;
	status?: number;
}

/** True when `err` is a {@link SourceError} of `domain` (and `code`, when given). */
export function isSourceError<D extends SourceDomain>(err: unknown, domain?: D, code?: SourceErrorCodes[D]): err is SourceError<D> {
	return err instanceof SourceError && (domain === undefined || err.domain === domain) && (code === undefined || err.code === code);
}

/** Why a domain cannot be used now, as its status record reports it. */
export interface UnavailableRecord<C extends string> {
	code: C;
	reason: string;
}
