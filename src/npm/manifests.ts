/**
 * Reads the package.json files of a repository: the one at its root and, when the root declares
 * workspaces (npm/yarn `workspaces`, or a `pnpm-workspace.yaml`), one per workspace package.
 * Everything here is read from disk; nothing is run.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { DependencyDeclaration, DependencyKind, PackageManifestRecord } from '../schema/contracts/packages';

/** The package.json blocks that declare dependencies, by kind. */
const DEPENDENCY_BLOCKS: ReadonlyArray<[string, DependencyKind]> = [
	['dependencies', 'PROD'],
	['devDependencies', 'DEV'],
	['peerDependencies', 'PEER'],
	['optionalDependencies', 'OPTIONAL'],
];

/** Folders never searched for workspace packages. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** How deep a `**` in a workspace pattern looks. */
const MAX_GLOB_DEPTH = 6;

/** Larger package.json files are refused rather than parsed (a real one is a few KB). */
const MAX_MANIFEST_BYTES = 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Parsed = { ok: true; json: Record<string, unknown> } | { ok: false; message: string } | undefined;

/** The parsed package.json in `dir`; undefined when there is none. */
async function readJson(file: string): Promise<Parsed> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { ok: false, message: `${file} could not be read: ${(err as Error).message}` };
	}
	if (text.length > MAX_MANIFEST_BYTES) {
		return { ok: false, message: `${file} is larger than 1 MB.` };
	}
	try {
		const json: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
		return isRecord(json) ? { ok: true, json } : { ok: false, message: `${file} does not hold a JSON object.` };
	} catch (err) {
		return { ok: false, message: `${file} is not valid JSON: ${(err as Error).message}` };
	}
}

function dependenciesOf(json: Record<string, unknown>): DependencyDeclaration[] {
	const out: DependencyDeclaration[] = [];
	for (const [block, kind] of DEPENDENCY_BLOCKS) {
		const deps = json[block];
		if (!isRecord(deps)) {
			continue;
		}
		for (const [name, range] of Object.entries(deps)) {
			if (typeof range === 'string') {
				out.push({ name, range, kind });
			}
		}
	}
	return out;
}

function recordOf(repositoryPath: string, directory: string, parsed: Exclude<Parsed, undefined>): PackageManifestRecord | undefined {
	const folderName = path.basename(path.join(repositoryPath, directory));
	if (!parsed.ok) {
		return { repositoryPath, directory, name: folderName, version: null, private: false, dependencies: [], error: { code: 'MANIFEST_INVALID', message: parsed.message } };
	}
	const { json } = parsed;
	if (typeof json.name !== 'string' || json.name === '') {
		// A package.json without a name (a workspace root, an app's scripts) is not a package.
		return undefined;
	}
	return {
		repositoryPath,
		directory,
		name: json.name,
		version: typeof json.version === 'string' ? json.version : null,
		private: json.private === true,
		dependencies: dependenciesOf(json),
		error: null,
	};
}

/** The workspace patterns of a root package.json (`workspaces: [...]` or `workspaces: { packages: [...] }`). */
function npmWorkspacePatterns(json: Record<string, unknown>): string[] {
	const ws = json.workspaces;
	const list = Array.isArray(ws) ? ws : isRecord(ws) && Array.isArray(ws.packages) ? ws.packages : [];
	return list.filter((p): p is string => typeof p === 'string');
}

/** The `packages:` list of a pnpm-workspace.yaml: `- 'pattern'` lines under it (the only part read). */
export function pnpmWorkspacePatterns(yamlText: string): string[] {
	const patterns: string[] = [];
	let inPackages = false;
	for (const raw of yamlText.split(/\r?\n/)) {
		const line = raw.replace(/\s+#.*$/, '');
		if (/^packages\s*:/.test(line)) {
			inPackages = true;
			continue;
		}
		if (inPackages) {
			const item = /^\s+-\s*(.+?)\s*$/.exec(line);
			if (item) {
				patterns.push(item[1].replace(/^(['"])(.*)\1$/, '$2'));
			} else if (/^\S/.test(line)) {
				inPackages = false;
			}
		}
	}
	return patterns;
}

/** A regular expression for one `/`-free glob segment (`*`, `?`, literals). */
function segmentPattern(segment: string): RegExp {
	const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
	return new RegExp(`^${body}$`);
}

async function subfolders(dir: string): Promise<string[]> {
	let entries: Dirent[];
	try {
		entries = await readdir(dir, { withFileTypes: true });
	} catch {
		return [];
	}
	return entries.filter((e) => e.isDirectory() && !SKIPPED_FOLDERS.has(e.name) && !e.name.startsWith('.')).map((e) => e.name).sort();
}

/** The folders (relative, `/`-separated) below `root` that `pattern` names. */
async function expand(root: string, segments: readonly string[], prefix: string, depth = 0): Promise<string[]> {
	if (segments.length === 0) {
		return [prefix];
	}
	const [head, ...rest] = segments;
	const here = prefix ? path.join(root, prefix) : root;
	const join = (name: string) => (prefix ? `${prefix}/${name}` : name);
	if (head === '**') {
		if (depth >= MAX_GLOB_DEPTH) {
			return expand(root, rest, prefix, depth);
		}
		const deeper = await Promise.all((await subfolders(here)).map((name) => expand(root, segments, join(name), depth + 1)));
		return [...(await expand(root, rest, prefix, depth)), ...deeper.flat()];
	}
	if (!/[*?]/.test(head)) {
		return head === '.' ? expand(root, rest, prefix, depth) : head === '..' ? [] : expand(root, rest, join(head), depth);
	}
	const match = segmentPattern(head);
	const found = await Promise.all((await subfolders(here)).filter((name) => match.test(name)).map((name) => expand(root, rest, join(name), depth + 1)));
	return found.flat();
}

/** The workspace package folders of a repository, from its patterns (`!` ones exclude). */
async function workspaceFolders(repositoryPath: string, patterns: readonly string[]): Promise<string[]> {
	const split = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '').split('/').filter(Boolean);
	const include = patterns.filter((p) => !p.startsWith('!'));
	const exclude = new Set((await Promise.all(patterns.filter((p) => p.startsWith('!')).map((p) => expand(repositoryPath, split(p.slice(1)), '')))).flat());
	const folders = new Set((await Promise.all(include.map((p) => expand(repositoryPath, split(p), '')))).flat());
	return [...folders].filter((f) => f !== '' && !exclude.has(f)).sort();
}

/**
 * The packages of one repository: its root package (when its package.json names one), then its
 * workspace packages by folder. A package.json that cannot be parsed is a record with `error`.
 */
export async function readRepositoryManifests(repositoryPath: string): Promise<PackageManifestRecord[]> {
	const root = await readJson(path.join(repositoryPath, 'package.json'));
	const patterns = root?.ok ? npmWorkspacePatterns(root.json) : [];
	const pnpm = await readFile(path.join(repositoryPath, 'pnpm-workspace.yaml'), 'utf8').catch(() => undefined);
	if (pnpm !== undefined) {
		patterns.push(...pnpmWorkspacePatterns(pnpm));
	}
	const records: PackageManifestRecord[] = [];
	const rootRecord = root && recordOf(repositoryPath, '', root);
	if (rootRecord) {
		records.push(rootRecord);
	}
	if (patterns.length === 0) {
		return records;
	}
	const folders = await workspaceFolders(repositoryPath, patterns);
	const parsed = await Promise.all(folders.map(async (dir) => ({ dir, json: await readJson(path.join(repositoryPath, ...dir.split('/'), 'package.json')) })));
	for (const { dir, json } of parsed) {
		const record = json && recordOf(repositoryPath, dir, json);
		if (record) {
			records.push(record);
		}
	}
	return records;
}
