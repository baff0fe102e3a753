/**
 * What a page says above its content when something is missing: why a domain is unavailable
 * (its status record's reason), the fields it refused for that reason, and a real failure, as an
 * alert. One component, so every page says these in the same words, order and roles.
 */
export function PageErrors({ unavailable, notices = [], fatal }: { unavailable?: string | null | false; notices?: readonly string[]; fatal?: string }) {
	// The status's reason and a refused field's message are often the same sentence: say it once.
	const lines = [...new Set([...(unavailable ? [unavailable] : []), ...notices])];
	return (
		<>
			{lines.map((line) => (
				<p key={line} class="notice" data-testid="notice">
					{line}
				</p>
			))}
			{fatal && (
				<p class="error" role="alert">
					{fatal}
				</p>
			)}
		</>
	);
}
