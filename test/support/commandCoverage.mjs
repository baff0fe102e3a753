// Which contributed commands ran in a real VS Code. The extension logs `command <id>` each time
// one runs (src/extension/commands/createCommand.ts); each tier reads the logs of its own
// code-server windows after its suites, and the union across tiers is compared with package.json.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer.mjs';

const COVERAGE_DIR = join(repoRoot, 'test-results', 'commands-run');

function logFiles(dir) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const full = join(dir, name);
		// lstat: Chromium's profile holds dangling symlinks (SingletonCookie), which stat cannot follow.
		if (lstatSync(full).isDirectory()) return logFiles(full);
		return name === 'Meta GOTHIC.log' ? [full] : [];
	});
}

/**
 * The command ids the extension logged as run, in every window whose user data is below `dirs`.
 * @param {string[]} dirs user-data folders (or folders holding them)
 * @returns {string[]}
 */
export function commandsRunIn(dirs) {
	const ids = new Set();
	for (const file of dirs.flatMap((dir) => logFiles(dir))) {
		for (const match of readFileSync(file, 'utf8').matchAll(/\] command (metaGothic\.[\w.]+)/g)) ids.add(match[1]);
	}
	return [...ids].sort();
}

/**
 * Records what a tier ran, for {@link coverage}.
 * @param {string} tier e.g. `vscode`, `ui`
 * @param {string[]} ids
 */
export function recordCommandsRun(tier, ids) {
	mkdirSync(COVERAGE_DIR, { recursive: true });
	writeFileSync(join(COVERAGE_DIR, `${tier}.json`), `${JSON.stringify(ids, null, '\t')}\n`);
}

/**
 * The contributed commands and which of them no tier recorded.
 * @returns {{ contributed: string[], run: string[], missing: string[] }}
 */
export function coverage() {
	const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
	const contributed = manifest.contributes.commands.map((c) => c.command).sort();
	const run = new Set(existsSync(COVERAGE_DIR) ? readdirSync(COVERAGE_DIR).flatMap((f) => JSON.parse(readFileSync(join(COVERAGE_DIR, f), 'utf8'))) : []);
	return { contributed, run: [...run].sort(), missing: contributed.filter((id) => !run.has(id)) };
}
