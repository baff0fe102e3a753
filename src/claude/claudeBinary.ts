/**
 * A cheap check that the Claude CLI can be started, without starting it: the same lookup
 * `spawn` does (a path as given, a bare name on `PATH`), done with a few `stat` calls.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function isExecutableFile(file: string): boolean {
	try {
		if (!fs.statSync(file).isFile()) {
			return false;
		}
		// Windows has no execute bit; there the extension (PATHEXT) decides.
		if (process.platform !== 'win32') {
			fs.accessSync(file, fs.constants.X_OK);
		}
		return true;
	} catch {
		return false;
	}
}

/**
 * Where `command` would be found: a command with a path separator is taken as a path (relative
 * ones to the current folder); a bare name is looked up on `env.PATH`. `undefined` when missing.
 */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	const windows = process.platform === 'win32';
	const extensions = windows ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
	const candidates = (base: string) => extensions.map((ext) => base + ext);
	if (command.includes('/') || (windows && command.includes('\\'))) {
		return candidates(path.resolve(command)).find(isExecutableFile);
	}
	// Windows spells the variable `Path`; a copied environment keeps that spelling.
	const searchPath = env.PATH ?? env.Path ?? '';
	for (const folder of searchPath.split(path.delimiter)) {
		if (!folder) {
			continue;
		}
		const found = candidates(path.join(folder, command)).find(isExecutableFile);
		if (found) {
			return found;
		}
	}
	return undefined;
}
