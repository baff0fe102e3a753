// Entry point of the extension-host test tier. VS Code loads this module inside the extension
// host (extensionTestsPath) and awaits run(); the same module serves code-server's smoke-test
// driver (test/vscode/run.mjs), @vscode/test-electron and @vscode/test-cli (.vscode-test.mjs).
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/** Prefix of the one-line JSON summary test/vscode/run.mjs reads back from the log. */
export const RESULT_PREFIX = 'META_GOTHIC_VSCODE_RESULT ';

/**
 * Prefix of every line the reporter prints. The smoke-test driver forwards the whole workbench
 * log through one channel; the prefix lets test/vscode/run.mjs show the test report alone.
 */
export const REPORT_PREFIX = 'META_GOTHIC_MOCHA ';

/**
 * Runs every `*.test.js` suite beside this file (esbuild bundles each suite next to it).
 * Resolves when all tests pass; rejects naming the number of failures otherwise, so every host
 * turns the outcome into a non-zero exit code. VS Code passes the tests path (this file) as an
 * argument; the suites are found beside the module instead.
 */
export async function run(): Promise<void> {
	const testsRoot = __dirname;
	// Suites are bundled with inline source maps: report stack traces against the .ts files.
	process.setSourceMapsEnabled(true);
	// Format here: the forwarded console keeps only the arguments, not printf substitution.
	Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(REPORT_PREFIX + format(...args));
	const mocha = new Mocha({
		ui: 'tdd',
		// The extension host forwards console output line by line; colour codes would garble it.
		color: false,
		// Activation and the first git scan run on a 2-core machine next to a browser.
		timeout: 60_000,
		reporter: 'spec',
	});
	const files = readdirSync(testsRoot)
		.filter((file) => file.endsWith('.test.js'))
		.sort();
	if (files.length === 0) {
		throw new Error(`no test suites found in ${testsRoot}`);
	}
	for (const file of files) {
		mocha.addFile(join(testsRoot, file));
	}
	const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
		try {
			const runner = mocha.run(() => resolve(runner.stats ?? emptyStats()));
		} catch (err) {
			reject(err);
		}
	});
	console.log(`${RESULT_PREFIX}${JSON.stringify({ passes: stats.passes, failures: stats.failures, pending: stats.pending })}`);
	if (stats.failures > 0) {
		throw new Error(`${stats.failures} extension-host test(s) failed`);
	}
}

function emptyStats(): Mocha.Stats {
	return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
