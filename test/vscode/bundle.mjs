// Bundles the extension-host test runner (index.ts) and each suite (*.test.ts) into
// out/test/vscode/, one CommonJS file per suite, since mocha loads suites file by file.
//   node test/vscode/bundle.mjs   (test/vscode/run.mjs and .vscode-test.mjs call bundleTests())
import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Where the bundled runner and suites go; extensionTestsPath is `index.js` in it. */
export const outDir = join(repoRoot, 'out', 'test', 'vscode');

/**
 * Rebuilds out/test/vscode/ from scratch.
 * @param {{ proveFailure?: boolean }} [options] also bundle the deliberately failing suite
 */
export async function bundleTests({ proveFailure = false } = {}) {
	rmSync(outDir, { recursive: true, force: true });
	const here = join(repoRoot, 'test', 'vscode');
	// META_GOTHIC_SUITES=a,b bundles only test/vscode/a.test.ts and b.test.ts (to run a few while working on them).
	const only = process.env.META_GOTHIC_SUITES?.split(',').map((name) => `${name.trim()}.test.ts`);
	const suites = readdirSync(here).filter((file) => file.endsWith('.test.ts') && (!only || only.includes(file)));
	if (proveFailure) suites.push('harness/failureProof.test.ts');
	await esbuild.build({
		absWorkingDir: repoRoot,
		entryPoints: ['index.ts', ...suites].map((file) => ({ in: join(here, file), out: basename(file, '.ts') })),
		outdir: outDir,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
		sourcemap: 'inline',
		logLevel: 'warning',
		// Only mocha's parallel mode resolves these files at run time, and it is not used.
		logOverride: { 'require-resolve-not-external': 'silent' },
		// mocha's package.json says ESM but its code is CommonJS; take the CommonJS entry.
		mainFields: ['main', 'module'],
	});
	return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	await bundleTests({ proveFailure: process.env.META_GOTHIC_PROVE_FAILURE === '1' });
	console.log(`bundled extension-host tests into ${outDir}`);
}
