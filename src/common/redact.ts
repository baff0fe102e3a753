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
