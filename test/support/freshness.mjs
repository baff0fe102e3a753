// Decides whether a build output is older than what it is built from, so test runners can skip
// rebuilding what the previous step of `npm test` just built.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestIn(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path, { withFileTypes: true })) {
		if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
		newest = Math.max(newest, newestIn(join(path, entry.name)));
	}
	return newest;
}

/**
 * True when `output` exists and is newer than every file in `inputs` (files or folders, searched
 * recursively, skipping node_modules and dot-folders).
 * @param {string} output
 * @param {string[]} inputs
 */
export function isFresh(output, inputs) {
	if (!existsSync(output)) return false;
	const built = statSync(output).mtimeMs;
	return inputs.every((input) => newestIn(input) <= built);
}

/** What dist/ and the vsix are built from, relative to the repository root. */
export const EXTENSION_INPUTS = ['src', 'media', 'package.json', 'esbuild.mjs', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE'];
