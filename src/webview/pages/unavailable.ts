/** A GitHub or Claude field refused because that domain cannot be used now (its status says why). */
export function isUnavailable(extensions: Record<string, unknown> | undefined): boolean {
	const domain = extensions?.domain;
	return (domain === 'GITHUB' && ['SIGNED_OUT', 'UNAUTHORIZED', 'RATE_LIMITED', 'OFFLINE', 'UNTRUSTED'].includes(String(extensions?.code))) || (domain === 'CLAUDE' && ['CLI_MISSING', 'CLI_FAILED', 'UNTRUSTED'].includes(String(extensions?.code)));
}

/** What a page says of a result's errors: notices for domains that are not connected, and real failures. */
export function splitErrors(error: { networkError?: Error | undefined; graphQLErrors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> } | undefined): { notices: string[]; fatal: string | undefined } {
	const graphQLErrors = error?.graphQLErrors ?? [];
	const notices = [...new Set(graphQLErrors.filter((e) => isUnavailable(e.extensions)).map((e) => e.message))];
	const failures = graphQLErrors.filter((e) => !isUnavailable(e.extensions));
	const fatal = error && (error.networkError || failures.length > 0) ? (error.networkError?.message ?? failures.map((e) => e.message).join('; ')) : undefined;
	return { notices, fatal };
}
