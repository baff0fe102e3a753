/** What failed in a mutation's answer, as `CODE: message` for each error, so the code a person can search for comes first. */
export function codedFailure(error: { networkError?: Error | undefined; graphQLErrors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> } | undefined): string | undefined {
	if (!error) {
		return undefined;
	}
	if (error.networkError) {
		return error.networkError.message;
	}
	const lines = error.graphQLErrors.map((e) => (typeof e.extensions?.code === 'string' ? `${e.extensions.code}: ${e.message}` : e.message));
	return lines.length > 0 ? [...new Set(lines)].join('; ') : undefined;
}
