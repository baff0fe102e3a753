import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const dist = path.resolve(__dirname, '../../dist');

/** The child_process functions that take argv arrays and run no shell unless asked to. */
const ARGV_ONLY = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);

/** The names a bundle binds `require("node:child_process")` to, however esbuild wrapped it. */
function childProcessBindings(code: string): string[] {
	const names = new Set<string>();
	for (const match of code.matchAll(/([\w$]+)\s*=\s*(?:[\w$]+\()?require\("(?:node:)?child_process"\)/g)) {
		names.add(match[1]);
	}
	return [...names];
}

/** What the bundle calls on child_process, by function name. */
function childProcessUses(code: string): Set<string> {
	const used = new Set<string>();
	for (const name of childProcessBindings(code)) {
		const escaped = name.replace(/\$/g, '\\$');
		for (const match of code.matchAll(new RegExp(`(?<![\\w$.])${escaped}\\.([\\w$]+)`, 'g'))) {
			used.add(match[1]);
		}
	}
	return used;
}

/**
 * What ships is what runs: the bundles are checked, not the sources, so a dependency that brings
 * `exec` (a shell command line) or a `shell: true` option is caught too. `npm test` builds first.
 */
describe('the shipped bundles start processes with argv arrays only', () => {
	const bundles = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.js')) : [];

	it('the extension, the CLI and the Node API are built', () => {
		for (const name of ['extension.js', 'cli.js', 'api.js']) {
			assert.ok(bundles.includes(name), `dist/${name} is missing: run \`npm run build\` first`);
		}
	});

	it('no bundle passes a shell option or calls exec/execSync, which run a command line through a shell', () => {
		for (const name of bundles) {
			const code = readFileSync(path.join(dist, name), 'utf8');
			assert.doesNotMatch(code, /\bshell\s*:\s*(?:true|!0)/, `dist/${name} asks for a shell`);
			const used = childProcessUses(code);
			const shellish = [...used].filter((fn) => !ARGV_ONLY.has(fn));
			assert.deepEqual(shellish, [], `dist/${name} calls child_process.${shellish.join(', ')}`);
		}
	});

	it('the check sees the process starts that the extension does make', () => {
		// Guards the check itself: if esbuild changed how it binds modules, the test above would
		// see no uses at all and pass for nothing.
		const used = childProcessUses(readFileSync(path.join(dist, 'extension.js'), 'utf8'));
		assert.ok(used.has('spawn'), `spawn not found among ${[...used].join(', ') || 'nothing'}`);
		const sample = 'var a=require("node:child_process");(0,a.exec)("ls");';
		assert.deepEqual([...childProcessUses(sample)], ['exec']);
	});
});
