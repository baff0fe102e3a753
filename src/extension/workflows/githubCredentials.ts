import * as vscode from 'vscode';
import { redactUrlCredentials } from '../../common/redact';
import { setContext } from '../contextKeys';
import { restBaseUrlForHost } from '../../github/octokit';
import { hostForApiUrl } from '../../github/repoMapping';
import { log } from '../log';
import { input, pick } from '../prompts';

/** Scopes the Actions API needs: read runs and logs of private repositories, dispatch workflows. */
export const GITHUB_SCOPES = ['repo', 'workflow'];

/** A token and where to use it. The token goes to the Octokit factory and nowhere else. */
export interface GitHubCredential {
	readonly token: string;
	/** REST API root for Octokit's `baseUrl`; undefined for the public API. */
	readonly apiUrl: string | undefined;
	/** Where the token came from, for the log and the view (never the token itself). */
	readonly source: 'session' | 'stored' | 'environment';
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
			log.warn(`metaGothic.github.enterpriseUrl is not a URL: ${redactUrlCredentials(enterpriseUrl)}; using github.com.`);
			return { providerId: 'github', host: hostForApiUrl(environmentApiUrl), sessionApiUrl: restBaseUrlForHost('github.com'), environmentApiUrl };
		}
		return { providerId: 'github-enterprise', host, sessionApiUrl: restBaseUrlForHost(host), environmentApiUrl };
	}
	// The stand-in of the tests and the demo serves github.com's API at another root: remotes
	// still say github.com, so the host comes from that root (github.com unless it is …/api/v3).
	// It serves sessions too: code-server hands GITHUB_TOKEN to its GitHub sign-in as a session.
	return { providerId: 'github', host: hostForApiUrl(environmentApiUrl), sessionApiUrl: environmentApiUrl ?? restBaseUrlForHost('github.com'), environmentApiUrl };
}

/** Where a token entered by hand is kept (VS Code's secret storage: the OS keychain). */
const STORED_TOKEN_KEY = 'metaGothic.github.token';

/**
 * Finds the credential: a VS Code authentication session first (asked silently, so activation
 * never prompts), then a token the user entered (where this VS Code has no GitHub sign-in:
 * code-server, some remotes), then `META_GOTHIC_GITHUB_TOKEN` or `GITHUB_TOKEN` with
 * `META_GOTHIC_GITHUB_API_URL`, the CLI's contract. Keeps `metaGothic.github.signedIn` in step.
 */
export class GitHubCredentials implements vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<void>();
	/** The account's sessions changed: the model should connect again. */
	readonly onDidChange = this._onDidChange.event;
	private readonly disposables: vscode.Disposable[] = [this._onDidChange];
	private _signedIn: boolean | undefined;

	constructor(
		readonly target: GitHubTarget,
		private readonly secrets: vscode.SecretStorage | undefined,
		private readonly env: NodeJS.ProcessEnv = process.env,
	) {
		this.disposables.push(
			vscode.authentication.onDidChangeSessions((e) => {
				if (e.provider.id === target.providerId) {
					this._onDidChange.fire();
				}
			}),
		);
		if (secrets) {
			this.disposables.push(
				secrets.onDidChange((e) => {
					if (e.key === STORED_TOKEN_KEY) {
						this._onDidChange.fire();
					}
				}),
			);
		}
	}

	/** Whether the last lookup found a credential; undefined before the first one. */
	get signedIn(): boolean | undefined {
		return this._signedIn;
	}

	/** The credential now, or undefined; never prompts, never rejects. */
	async current(): Promise<GitHubCredential | undefined> {
		const credential = (await this.fromSession(false)) ?? (await this.fromStorage()) ?? this.fromEnvironment();
		this.setSignedIn(credential !== undefined);
		if (credential) {
			const from = { session: `the ${this.target.providerId} session of ${credential.account}`, stored: 'the token entered in VS Code', environment: 'the token from the environment' }[credential.source];
			// An API URL from the environment or a setting may carry credentials of its own.
			log.info(`GitHub: using ${from}${credential.apiUrl ? ` at ${redactUrlCredentials(credential.apiUrl)}` : ''}`);
		}
		return credential;
	}

	/**
	 * Asks VS Code for a session, showing its sign-in flow; where this VS Code has no GitHub
	 * sign-in (code-server, VSCodium, some remotes) it asks for a personal access token instead
	 * and keeps it in the secret storage. Resolves whether a credential was granted.
	 */
	async signIn(): Promise<boolean> {
		// VS Code's GitHub sign-in needs a browser that reaches the GitHub host; where that is not
		// so (code-server offline, a locked-down machine) a personal access token does the same.
		const how = this.secrets
			? await pick(
					[
						{ label: '$(github) Sign in with a GitHub account', description: `VS Code's sign-in (${this.target.providerId})`, token: false },
						{ label: '$(key) Use a personal access token…', description: 'with the repo and workflow scopes', token: true },
					],
					{ title: 'Sign in to GitHub', placeHolder: 'How should Meta GOTHIC sign in to GitHub?', ignoreFocusOut: true },
				)
			: { token: false };
		if (!how) {
			return false;
		}
		let credential: GitHubCredential | undefined;
		if (how.token) {
			credential = await this.askForToken();
		} else {
			try {
				credential = await this.fromSession(true);
			} catch (err) {
				log.info(`GitHub: no ${this.target.providerId} sign-in here (${err instanceof Error ? err.message : String(err)}); asking for a token`);
				credential = await this.askForToken();
			}
		}
		if (credential) {
			this.setSignedIn(true);
			// onDidChangeSessions fires too when the session is new; an existing one needs this.
			this._onDidChange.fire();
		}
		return credential !== undefined;
	}

	/**
	 * Forgets a token entered by hand (a VS Code session is signed out from the Accounts menu) and
	 * resolves with the credential still in use, if any: a session or the environment's token
	 * keeps the workspace signed in, and the user has to be told where it comes from.
	 */
	async forgetToken(): Promise<GitHubCredential | undefined> {
		const had = await this.secrets?.get(STORED_TOKEN_KEY);
		await this.secrets?.delete(STORED_TOKEN_KEY);
		if (had) {
			// secrets.onDidChange reconnects the model too; firing here makes it not wait for that.
			this._onDidChange.fire();
		}
		return this.current();
	}

	private async askForToken(): Promise<GitHubCredential | undefined> {
		if (!this.secrets) {
			return undefined;
		}
		const token = await input({
			title: 'Sign in to GitHub with a personal access token',
			prompt: `This VS Code has no GitHub sign-in. Paste a token with the repo and workflow scopes for ${this.target.host}; it is kept in VS Code's secret storage.`,
			password: true,
			ignoreFocusOut: true,
			validateInput: (v) => (v.trim() && !/\s/.test(v.trim()) ? undefined : 'Paste the token (one word, no spaces)'),
		});
		if (!token?.trim()) {
			return undefined;
		}
		await this.secrets.store(STORED_TOKEN_KEY, token.trim());
		return this.fromStorage();
	}

	private async fromStorage(): Promise<GitHubCredential | undefined> {
		const token = await this.secrets?.get(STORED_TOKEN_KEY);
		return token ? { token, apiUrl: this.target.sessionApiUrl, source: 'stored', account: undefined } : undefined;
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
