/**
 * Keeps credentials out of logs and error messages. A token can reach text through an
 * Authorization header dump, a URL with userinfo, or a message that quotes a request.
 */

/** Prefixes of GitHub's token formats (classic PAT, OAuth, user-to-server, server, refresh, fine-grained). */
const TOKEN_PATTERN = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;
const AUTH_HEADER_PATTERN = /\b(authorization["']?\s*[:=]\s*["']?(?:token|bearer|basic)\s+)[^\s"',}]+/gi;
const URL_USERINFO_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi;

/** The replacement for anything secret. */
export const REDACTED = '[REDACTED]';

/**
 * Removes the given secrets, anything shaped like a GitHub token, Authorization header values
 * and URL credentials from `text`.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
	let out = text;
	for (const secret of secrets) {
		// Short strings would redact ordinary words; real tokens are long.
		if (secret && secret.length >= 8) {
			out = out.split(secret).join(REDACTED);
		}
	}
	return out.replace(TOKEN_PATTERN, REDACTED).replace(AUTH_HEADER_PATTERN, `$1${REDACTED}`).replace(URL_USERINFO_PATTERN, `$1${REDACTED}@`);
}

/**
 * `scheme://userinfo@` at the start of a URL, up to the authority's last `@`: a password with an
 * unencoded `@` must not leave its tail behind as the "host".
 */
const LEADING_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#\s]*)@/i;
/** Schemes whose bare user name is an account (`ssh://git@host`), not a credential. */
const SSH_SCHEMES = new Set(['ssh', 'git+ssh', 'ssh+git']);

/**
 * `url` without the credentials of its userinfo, for a remote URL that is shown or returned:
 * `https://x:ghp_…@github.com/o/r.git` becomes `https://[REDACTED]@github.com/o/r.git`. Over HTTP
 * the whole userinfo goes, since a token is as often the user name as the password; an SSH user
 * name without a password (`ssh://git@host/…`, scp-like `git@host:o/r`) stays, as it names an
 * account, not a secret. Host and path are kept, so the owner and name still parse.
 */
export function redactUrlCredentials(url: string): string {
	const match = LEADING_USERINFO.exec(url);
	if (!match) {
		return url;
	}
	const [whole, schemePart, userinfo] = match;
	const scheme = schemePart.slice(0, -3).toLowerCase();
	if (userinfo === REDACTED || (SSH_SCHEMES.has(scheme) && !userinfo.includes(':'))) {
		return url;
	}
	return `${schemePart}${REDACTED}@${url.slice(whole.length)}`;
}
