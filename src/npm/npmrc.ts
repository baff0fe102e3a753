/**
 * Reads `.npmrc` files the way npm does for the keys the registry client needs: `key=value`
 * lines, `;` and `#` comments, quoted values, and `${VAR}` replaced from the environment (how
 * CI files usually carry a token: `//registry.npmjs.org/:_authToken=${NPM_TOKEN}`).
 */

/** The keys and values of one `.npmrc`, keys as written. */
export type NpmrcEntries = ReadonlyMap<string, string>;

/** Replaces `${NAME}` (and `${NAME?}`, empty when unset) with the variable's value; an unset `${NAME}` stays as written, as npm leaves it. */
function expand(value: string, env: NodeJS.ProcessEnv): string {
	return value.replace(/(\\*)\$\{([^}?]+)(\?)?\}/g, (whole, escapes: string, name: string, optional: string | undefined) => {
		// An odd number of backslashes escapes the `$`.
		if (escapes.length % 2 === 1) {
			return `${escapes.slice(0, (escapes.length - 1) / 2)}\${${name}${optional ?? ''}}`;
		}
		const found = env[name];
		const prefix = escapes.slice(0, escapes.length / 2);
		if (found !== undefined) {
			return prefix + found;
		}
		return optional ? prefix : whole;
	});
}

function unquote(value: string): string {
	if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
		try {
			const parsed: unknown = JSON.parse(value);
			return typeof parsed === 'string' ? parsed : value;
		} catch {
			return value.slice(1, -1);
		}
	}
	if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
		return value.slice(1, -1);
	}
	return value;
}

/**
 * The entries of an `.npmrc`'s text. Lines that are not `key=value` are skipped, as npm's ini
 * reader skips them; `[section]` headers and `key[]=` arrays are not used by npm's own config.
 */
export function parseNpmrc(text: string, env: NodeJS.ProcessEnv = process.env): NpmrcEntries {
	const entries = new Map<string, string>();
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (!line || line.startsWith(';') || line.startsWith('#') || line.startsWith('[')) {
			continue;
		}
		const eq = line.indexOf('=');
		if (eq <= 0) {
			continue;
		}
		const key = expand(unquote(line.slice(0, eq).trim()), env);
		if (key.endsWith('[]')) {
			continue;
		}
		entries.set(key, expand(unquote(line.slice(eq + 1).trim()), env));
	}
	return entries;
}
