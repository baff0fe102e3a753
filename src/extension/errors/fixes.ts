/**
 * What fixes each coded failure: the buttons a notification offers and the command a tree row
 * runs, chosen from the domain and code alone (never from the message, which is for people).
 */
import type { SourceDomain } from '../../schema/contracts/sourceError';

/** A button that fixes (or helps with) a failure: runs a command of this extension or of VS Code. */
export interface Fix {
	readonly title: string;
	readonly command: string;
	readonly args?: readonly unknown[];
}

/** Where a failure happened, for fixes that act on it (pull this repository, open its terminal). */
export interface FixTarget {
	readonly repositoryPath?: string;
}

const settings = (id: string): Fix => ({ title: 'Open Setting', command: 'workbench.action.openSettings', args: [id] });
const TRUST: Fix = { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' };
const SIGN_IN: Fix = { title: 'Sign in to GitHub', command: 'metaGothic.github.signIn' };
const SOURCE_CONTROL: Fix = { title: 'Open Source Control', command: 'workbench.view.scm' };

/** The fixes of a repos (git) code. */
function reposFixes(code: string, target: FixTarget): Fix[] {
	const repo = target.repositoryPath;
	const terminal: Fix[] = repo ? [{ title: 'Open Terminal', command: 'metaGothic.repo.openTerminal', args: [{ path: repo }] }] : [];
	switch (code) {
		case 'GIT_MISSING':
			return [{ ...settings('metaGothic.git.path'), title: 'Set Git Path' }];
		case 'UNTRUSTED':
			return [TRUST];
		case 'PUSH_REJECTED':
			// Someone pushed first: bring their commits in, then push again.
			return repo ? [{ title: 'Pull', command: 'metaGothic.repo.pull', args: [{ path: repo }] }] : [{ title: 'Pull All', command: 'metaGothic.repos.pullAll' }];
		case 'NO_UPSTREAM':
			return repo ? [{ title: 'Publish Branch', command: 'metaGothic.repo.publish', args: [{ path: repo }] }] : [];
		case 'NOT_FAST_FORWARD':
		case 'CONFLICT':
		case 'LOCAL_CHANGES_OVERWRITTEN':
			return [SOURCE_CONTROL, ...terminal];
		case 'NOT_A_REPOSITORY':
		case 'REPOSITORY_GONE':
		case 'NOT_FOUND':
			return [{ title: 'Refresh', command: 'metaGothic.refresh' }];
		case 'HOOK_REJECTED':
		case 'REMOTE_UNREACHABLE':
			return terminal;
		default:
			return [];
	}
}

/** The fixes of a GitHub code. */
function githubFixes(code: string): Fix[] {
	switch (code) {
		case 'SIGNED_OUT':
		case 'UNAUTHORIZED':
			return [SIGN_IN];
		case 'UNTRUSTED':
			return [TRUST];
		case 'OFFLINE':
		case 'SERVER_ERROR':
		case 'CONFLICT':
			return [{ title: 'Refresh', command: 'metaGothic.workflows.refresh' }];
		case 'FORBIDDEN':
			// Usually a missing scope or SSO authorisation: a new session asks for the scopes again.
			return [SIGN_IN];
		default:
			return [];
	}
}

/** The fixes of a Claude code. */
function claudeFixes(code: string): Fix[] {
	switch (code) {
		case 'CLI_MISSING':
			return [
				{ title: 'Install the Claude CLI', command: 'vscode.open', args: ['https://docs.anthropic.com/en/docs/claude-code/setup'] },
				{ ...settings('metaGothic.claude.path'), title: 'Set Claude Path' },
			];
		case 'CLI_FAILED':
			return [{ ...settings('metaGothic.claude.path'), title: 'Set Claude Path' }];
		case 'UNTRUSTED':
			return [TRUST];
		case 'BUDGET_EXCEEDED':
			return [{ ...settings('metaGothic.claude.dailyBudgetUsd'), title: 'Change the Daily Budget' }];
		case 'TEMPLATE_NOT_FOUND':
			return [{ title: 'Choose a Template', command: 'metaGothic.agent.start' }];
		default:
			return [];
	}
}

/** The fixes of a packages (npm registry) code. */
function packagesFixes(code: string, target: FixTarget): Fix[] {
	switch (code) {
		case 'UNTRUSTED':
			return [TRUST];
		case 'UNAUTHORIZED':
			// `npm login --registry …` in the repository, whose .npmrc names the registry.
			return target.repositoryPath ? [{ title: 'Open Terminal', command: 'metaGothic.repo.openTerminal', args: [{ path: target.repositoryPath }] }] : [];
		case 'REGISTRY_UNREACHABLE':
		case 'REGISTRY_FAILED':
			return [{ title: 'Refresh', command: 'metaGothic.refresh' }];
		default:
			return [];
	}
}

/** The fixes for `code` of `domain`, most useful first; none for a code nothing fixes. */
export function fixesFor(domain: SourceDomain | undefined, code: string, target: FixTarget = {}): Fix[] {
	switch (domain) {
		case 'REPOS':
			return reposFixes(code, target);
		case 'GITHUB':
			return githubFixes(code);
		case 'CLAUDE':
			return claudeFixes(code);
		case 'PACKAGES':
			return packagesFixes(code, target);
		default:
			return [];
	}
}

/** A codicon for a state row with this code: a clock while waiting, a key for sign-in… */
export function iconFor(domain: SourceDomain | undefined, code: string | null | undefined): string {
	switch (code) {
		case 'RATE_LIMITED':
			return 'watch';
		case 'SIGNED_OUT':
		case 'UNAUTHORIZED':
			return 'key';
		case 'OFFLINE':
		case 'REMOTE_UNREACHABLE':
		case 'REGISTRY_UNREACHABLE':
			return 'debug-disconnect';
		case 'UNTRUSTED':
			return 'shield';
		case 'CLI_MISSING':
		case 'GIT_MISSING':
			return 'tools';
		default:
			return domain === undefined ? 'error' : 'warning';
	}
}
