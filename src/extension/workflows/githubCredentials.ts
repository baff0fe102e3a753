import * as vscode from 'vscode';
import { setContext } from '../contextKeys';
import { restBaseUrlForHost } from '../../github/octokit';
import { hostForApiUrl } from '../../github/repoMapping';
import { log } from '../log';

/** Scopes the Actions API needs: read runs and logs of private repositories, dispatch workflows. */
export const GITHUB_SCOPES = ['repo', 'workflow'];

/** A token and where to use it. The token goes to the Octokit factory and nowhere else. */
export interface GitHubCredential {
	readonly token: string;
	/** REST API root for Octokit's `baseUrl`; undefined for the public API. */
	readonly apiUrl: string | undefined;
	/** Where the token came from, for the log and the view (never the token itself). */
	readonly source: 'session' | 'environment';
	/** The account name of a session. */
	readonly account: string | undefined;
}

/** Where the extension looks for GitHub: github.com, or the Enterprise Server of the setting. */
export interface GitHubTarget {
	/** `github` or `github-enterprise`. */
	readonly providerId: string;
	/** Remotes on this host map to GitHub repositories. */
	readonly host: string;
	/** REST root of a session's token: the Enterprise Server's, else `META_GOTHIC_GITHUB_API_URL` or the public API. */
	readonly sessionApiUrl: string;
	/** REST root of the environment's token (`META_GOTHIC_GITHUB_API_URL`, as the CLI reads it). */
	readonly environmentApiUrl: string | undefined;
}

/** The target from `metaGothic.github.enterpriseUrl` and the environment. */
export function readGitHubTarget(env: NodeJS.ProcessEnv = process.env): GitHubTarget {
	const enterpriseUrl = vscode.workspace.getConfiguration('metaGothic').get<string | null>('github.enterpriseUrl') || undefined;
	const environmentApiUrl = env.META_GOTHIC_GITHUB_API_URL || undefined;
	if (enterpriseUrl) {
		let host: string;
		try {
			host = new URL(enterpriseUrl).host;
		} catch {
			log.warn(`metaGothic.github.enterpriseUrl is not a URL: ${enterpriseUrl}; using github.com.`);
			return { providerId: 'github', host: hostForApiUrl(environmentApiUrl), sessionApiUrl: restBaseUrlForHost('github.com'), environmentApiUrl };
		}
		return { providerId: 'github-enterprise', host, sessionApiUrl: restBaseUrlForHost(host), environmentApiUrl };
	}
	// The stand-in of the tests and the demo serves github.com's API at another root: remotes
	// still say github.com, so the host comes from that root (github.com unless it is …/api/v3).
	// It serves sessions too: code-server hands GITHUB_TOKEN to its GitHub sign-in as a session.
	return { providerId: 'github', host: hostForApiUrl(environmentApiUrl), sessionApiUrl: environmentApiUrl ?? restBaseUrlForHost('github.com'), environmentApiUrl };
}

/**
 * Finds the credential: a VS Code authentication session first (asked silently, so activation
 * never prompts), then `META_GOTHIC_GITHUB_TOKEN` or `GITHUB_TOKEN` with `META_GOTHIC_GITHUB_API_URL`,
 * the CLI's contract. Keeps `metaGothic.github.signedIn` in step.
 */
export class GitHubCredentials implements vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<void>();
	/** The account's sessions changed: the model should connect again. */
	readonly onDidChange = this._onDidChange.event;
	private readonly disposables: vscode.Disposable[] = [this._onDidChange];
	private _signedIn: boolean | undefined;

	constructor(
		readonly target: GitHubTarget,
		private readonly env: NodeJS.ProcessEnv = process.env,
	) {
		this.disposables.push(
			vscode.authentication.onDidChangeSessions((e) => {
				if (e.provider.id === target.providerId) {
					this._onDidChange.fire();
				}
			}),
		);
	}

	/** Whether the last lookup found a credential; undefined before the first one. */
	get signedIn(): boolean | undefined {
		return this._signedIn;
	}

	/** The credential now, or undefined; never prompts, never rejects. */
	async current(): Promise<GitHubCredential | undefined> {
		const credential = (await this.fromSession(false)) ?? this.fromEnvironment();
		this.setSignedIn(credential !== undefined);
		if (credential) {
			log.info(`GitHub: using ${credential.source === 'session' ? `the ${this.target.providerId} session of ${credential.account}` : 'the token from the environment'}${credential.apiUrl ? ` at ${credential.apiUrl}` : ''}`);
		}
		return credential;
	}

	/** Asks VS Code for a session, showing its sign-in flow; resolves whether one was granted. */
	async signIn(): Promise<boolean> {
		const credential = await this.fromSession(true);
		if (credential) {
			this.setSignedIn(true);
			// onDidChangeSessions fires too when the session is new; an existing one needs this.
			this._onDidChange.fire();
		}
		return credential !== undefined;
	}

	private async fromSession(createIfNone: boolean): Promise<GitHubCredential | undefined> {
		try {
			const session = createIfNone
				? await vscode.authentication.getSession(this.target.providerId, GITHUB_SCOPES, { createIfNone: true })
				: await vscode.authentication.getSession(this.target.providerId, GITHUB_SCOPES, { silent: true });
			return session ? { token: session.accessToken, apiUrl: this.target.sessionApiUrl, source: 'session', account: session.account.label } : undefined;
		} catch (err) {
			if (createIfNone) {
				throw err;
			}
			// No such provider (code-server without GitHub auth) or it failed: the fallback decides.
			log.info(`GitHub: no ${this.target.providerId} session (${err instanceof Error ? err.message : String(err)})`);
			return undefined;
		}
	}

	private fromEnvironment(): GitHubCredential | undefined {
		// code-server takes GITHUB_TOKEN for its own sign-in and hides it from extensions, so our
		// own name comes first; elsewhere GITHUB_TOKEN works as for the CLI.
		const token = this.env.META_GOTHIC_GITHUB_TOKEN || this.env.GITHUB_TOKEN;
		return token ? { token, apiUrl: this.target.environmentApiUrl, source: 'environment', account: undefined } : undefined;
	}

	private setSignedIn(value: boolean): void {
		if (this._signedIn !== value) {
			this._signedIn = value;
			void setContext('metaGothic.github.signedIn', value);
		}
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
