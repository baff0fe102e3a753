/**
 * A small reader for git's config file syntax, used for `.gitmodules` and a repository's `config`
 * so discovery and remotes need no process. It covers the syntax git writes and users commonly
 * edit (sections, quoted subsections, quoting, escapes, comments, continuation lines). It does not
 * follow `[include]`/`[includeIf]` and does not apply `url.<base>.insteadOf`.
 */
import { redactUrlCredentials } from '../common/redact';
import { readRegularFile, readRegularFileSync } from '../common/regularFile';

/** One `key = value` line. Section and key are lower-cased; the subsection keeps its case. */
export interface ConfigEntry {
	section: string;
	subsection: string | null;
	key: string;
	/** `null` for a bare key (`key` with no `=`), which git reads as boolean true. */
	value: string | null;
}

/** Parses config text into entries, in file order. Malformed lines are skipped, never thrown. */
export function parseGitConfig(text: string): ConfigEntry[] {
	const entries: ConfigEntry[] = [];
	let section = '';
	let subsection: string | null = null;
	const lines = joinContinuations(text.replace(/^\uFEFF/, '').split(/\r?\n/));
	for (let line of lines) {
		line = line.trimStart();
		if (line === '' || line[0] === '#' || line[0] === ';') {
			continue;
		}
		if (line[0] === '[') {
			const header = parseSectionHeader(line);
			if (header) {
				({ section, subsection } = header);
				line = header.rest.trimStart();
				if (line === '' || line[0] === '#' || line[0] === ';') {
					continue;
				}
			} else {
				continue;
			}
		}
		const match = /^([A-Za-z][A-Za-z0-9-]*)\s*(=)?(.*)$/.exec(line);
		if (!match || !section) {
			continue;
		}
		const value = match[2] ? parseValue(match[3]) : null;
		entries.push({ section, subsection, key: match[1].toLowerCase(), value });
	}
	return entries;
}

/** Reads and parses a config file; a missing or unreadable file is an empty config. */
export async function readGitConfig(file: string): Promise<ConfigEntry[]> {
	try {
		return parseGitConfig(await readRegularFile(file));
	} catch {
		return [];
	}
}

/** {@link readGitConfig} with a synchronous read (see `DiscoveryOptions.sync`). */
export function readGitConfigSync(file: string): ConfigEntry[] {
	try {
		return parseGitConfig(readRegularFileSync(file));
	} catch {
		return [];
	}
}

/** A line ending in an odd number of backslashes continues on the next line (outside comments). */
function joinContinuations(lines: string[]): string[] {
	const out: string[] = [];
	let pending = '';
	for (const line of lines) {
		const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
		if (trailing % 2 === 1 && !isCommentLine(pending + line)) {
			pending += line.slice(0, -1);
		} else {
			out.push(pending + line);
			pending = '';
		}
	}
	if (pending) {
		out.push(pending);
	}
	return out;
}

function isCommentLine(line: string): boolean {
	const trimmed = line.trimStart();
	return trimmed[0] === '#' || trimmed[0] === ';';
}

function parseSectionHeader(line: string): { section: string; subsection: string | null; rest: string } | null {
	const quoted = /^\[\s*([A-Za-z0-9.-]+)\s+"((?:[^"\\]|\\.)*)"\s*\]/.exec(line);
	if (quoted) {
		return {
			section: quoted[1].toLowerCase(),
			subsection: quoted[2].replace(/\\(.)/g, '$1'),
			rest: line.slice(quoted[0].length),
		};
	}
	const plain = /^\[\s*([A-Za-z0-9-]+)(?:\.([^\]\s]+))?\s*\]/.exec(line);
	if (plain) {
		// Legacy `[section.subsection]` form: the subsection is case-insensitive there.
		return { section: plain[1].toLowerCase(), subsection: plain[2]?.toLowerCase() ?? null, rest: line.slice(plain[0].length) };
	}
	return null;
}

/** Unquotes a value: trims unquoted whitespace, drops comments, applies `\n \t \b \\ \"`. */
function parseValue(raw: string): string {
	let out = '';
	let inQuotes = false;
	// Whitespace is kept only when followed by more value, so trailing blanks vanish.
	let pendingSpace = '';
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i];
		if (!inQuotes && (c === '#' || c === ';')) {
			break;
		}
		if (!inQuotes && (c === ' ' || c === '\t')) {
			if (out !== '') {
				pendingSpace += c;
			}
			continue;
		}
		out += pendingSpace;
		pendingSpace = '';
		if (c === '"') {
			inQuotes = !inQuotes;
		} else if (c === '\\' && i + 1 < raw.length) {
			const next = raw[++i];
			out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'b' ? '\b' : next;
		} else {
			out += c;
		}
	}
	return out;
}

/** The submodules a `.gitmodules` declares: name, path and URL. */
export interface SubmoduleDeclaration {
	name: string;
	path: string;
	url: string | null;
}

/** Extracts submodule declarations, in file order; entries without a path are skipped. */
export function submodulesFromConfig(entries: ConfigEntry[]): SubmoduleDeclaration[] {
	const byName = new Map<string, SubmoduleDeclaration>();
	for (const entry of entries) {
		if (entry.section !== 'submodule' || entry.subsection === null || entry.value === null) {
			continue;
		}
		const declaration = byName.get(entry.subsection) ?? { name: entry.subsection, path: '', url: null };
		byName.set(entry.subsection, declaration);
		if (entry.key === 'path') {
			declaration.path = entry.value.replace(/\/+$/, '');
		} else if (entry.key === 'url') {
			declaration.url = entry.value;
		}
	}
	return [...byName.values()].filter((d) => d.path !== '');
}

/**
 * The remotes of a repository config: the first `url`, and `pushurl` falling back to it. URLs
 * come without their credentials (see `redactUrlCredentials`): remotes reach the graph, the CLI,
 * the views and other extensions, and nothing here needs the token (git reads the config itself
 * when it fetches or pushes), while owner and name still parse from the rest.
 */
export function remotesFromConfig(entries: ConfigEntry[]): { name: string; fetchUrl: string | null; pushUrl: string | null }[] {
	const byName = new Map<string, { name: string; fetchUrl: string | null; pushUrl: string | null; explicitPush: boolean }>();
	for (const entry of entries) {
		if (entry.section !== 'remote' || entry.subsection === null) {
			continue;
		}
		const remote = byName.get(entry.subsection) ?? { name: entry.subsection, fetchUrl: null, pushUrl: null, explicitPush: false };
		byName.set(entry.subsection, remote);
		if (entry.key === 'url' && entry.value !== null && remote.fetchUrl === null) {
			remote.fetchUrl = entry.value;
		} else if (entry.key === 'pushurl' && entry.value !== null && !remote.explicitPush) {
			remote.pushUrl = entry.value;
			remote.explicitPush = true;
		}
	}
	const shown = (url: string | null) => (url === null ? null : redactUrlCredentials(url));
	return [...byName.values()].map(({ name, fetchUrl, pushUrl, explicitPush }) => ({
		name,
		fetchUrl: shown(fetchUrl),
		pushUrl: shown(explicitPush ? pushUrl : fetchUrl),
	}));
}
