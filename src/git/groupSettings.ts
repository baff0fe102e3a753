/**
 * Reads `metaGothic.repos.groups` from the workspace folders' `.vscode/settings.json`, so the CLI
 * and the Node API narrow to the same groups the extension shows. VS Code writes that file as
 * JSON with comments and trailing commas; both are accepted here.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** The setting's key in `settings.json`. */
export const GROUPS_SETTING = 'metaGothic.repos.groups';

/** Calls `code` for each run of text outside string literals, keeping the strings as they are. */
function outsideStrings(text: string, code: (part: string) => string): string {
	let out = '';
	let from = 0;
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '"') {
			let j = i + 1;
			while (j < text.length && text[j] !== '"') {
				j += text[j] === '\\' ? 2 : 1;
			}
			out += code(text.slice(from, i)) + text.slice(i, j + 1);
			from = j + 1;
			i = j;
		} else if (text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
			// A comment may hold a quote; skip it here so that quote starts no string.
			const end = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2) + 1;
			i = end <= 0 ? text.length : end;
		}
	}
	return out + code(text.slice(from));
}

/** `text` without `//` and `/* *\/` comments and without trailing commas; strings are left intact. */
export function stripJsonComments(text: string): string {
	const withoutComments = outsideStrings(text, (part) => part.replace(/\/\/[^\n]*|\/\*[\s\S]*?(\*\/|$)/g, ' '));
	return outsideStrings(withoutComments, (part) => part.replace(/,(\s*[}\]])/g, '$1'));
}

/**
 * The groups of every folder's settings, merged (a name defined twice keeps the first folder's
 * entries). A missing file is no groups; an unreadable or malformed one is an error naming it.
 */
export async function readGroupsSetting(roots: readonly string[]): Promise<Record<string, unknown>> {
	const merged: Record<string, unknown> = {};
	for (const root of roots) {
		const file = path.join(root, '.vscode', 'settings.json');
		let text: string;
		try {
			text = await readFile(file, 'utf8');
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') {
				continue;
			}
			throw err;
		}
		let settings: unknown;
		try {
			settings = JSON.parse(stripJsonComments(text));
		} catch (err) {
			throw new Error(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
		}
		const groups = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[GROUPS_SETTING] : undefined;
		if (typeof groups === 'object' && groups !== null && !Array.isArray(groups)) {
			for (const [name, entries] of Object.entries(groups)) {
				if (!Object.hasOwn(merged, name)) {
					merged[name] = entries;
				}
			}
		}
	}
	return merged;
}
