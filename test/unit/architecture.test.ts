import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The layers, read from the imports themselves: adapters (git, GitHub, Claude, npm) → the domain
 * contracts → the graph → the faces. A face reads codes, never error text.
 */
const SRC = path.resolve(__dirname, '../../src');
const ADAPTERS = ['git', 'github', 'claude', 'npm'];

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
	});
}

/** Every module a file imports (static, dynamic, `require`): packages by name, the project's own files relative to src/. */
function importsOf(file: string): { packages: string[]; internal: string[] } {
	const text = readFileSync(file, 'utf8');
	const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"\n;]*?from\s+['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
	const relative = specifiers.filter((s) => s.startsWith('.')).map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)));
	// `../../package.json` and the like are outside src/: not a layer.
	return { packages: specifiers.filter((s) => !s.startsWith('.')), internal: relative.filter((r) => !r.startsWith('..')) };
}

/** The layer a src-relative path is in: `git`, `schema/contracts`, `schema`, `extension`… */
function layerOf(relative: string): string {
	const [top, second] = relative.split(path.sep);
	if (top === 'schema' && second === 'contracts') {
		return 'schema/contracts';
	}
	return top.replace(/\.tsx?$/, '');
}

const files = sourceFiles(SRC).map((file) => {
	const { packages, internal } = importsOf(file);
	return { file: path.relative(SRC, file), layer: layerOf(path.relative(SRC, file)), packages, internal };
});

describe('architecture: imports point down the layers', () => {
	it('finds the source files and their imports', () => {
		assert.ok(files.length > 100, `read ${files.length} files`);
		assert.ok(files.find((f) => f.file === path.join('schema', 'gateway.ts'))?.internal.includes(path.join('schema', 'documentCache')), 'gateway.ts imports documentCache');
		assert.ok(files.find((f) => f.file === path.join('git', 'model.ts'))?.internal.includes(path.join('schema', 'contracts', 'repos')), 'model.ts imports the repos contract');
	});

	it('the graph (src/schema) imports no adapter and no face', () => {
		const offending = files
			.filter((f) => f.layer === 'schema' || f.layer === 'schema/contracts')
			.flatMap((f) => f.internal.filter((i) => [...ADAPTERS, 'extension', 'webview', 'cli'].includes(layerOf(i))).map((i) => `${f.file} → ${i}`));
		assert.deepEqual(offending, []);
	});

	it('the contracts import nothing but src/common and each other', () => {
		const offending = files
			.filter((f) => f.layer === 'schema/contracts')
			.flatMap((f) => f.internal.filter((i) => !['common', 'schema/contracts'].includes(layerOf(i))).map((i) => `${f.file} → ${i}`));
		assert.deepEqual(offending, []);
	});

	it('no adapter imports another adapter, the graph or a face; adapters reach the graph only through the contracts', () => {
		const offending = files
			.filter((f) => ADAPTERS.includes(f.layer))
			.flatMap((f) =>
				f.internal
					.filter((i) => {
						const layer = layerOf(i);
						return (ADAPTERS.includes(layer) && layer !== f.layer) || ['schema', 'extension', 'webview', 'cli', 'protocol'].includes(layer);
					})
					.map((i) => `${f.file} → ${i}`),
			);
		assert.deepEqual(offending, []);
	});

	it('src/common imports nothing of the project outside itself, and only src/extension imports vscode', () => {
		const commonOut = files.filter((f) => f.layer === 'common').flatMap((f) => f.internal.filter((i) => layerOf(i) !== 'common').map((i) => `${f.file} → ${i}`));
		assert.deepEqual(commonOut, []);
		const vscode = files.filter((f) => f.layer !== 'extension' && f.packages.includes('vscode')).map((f) => f.file);
		assert.deepEqual(vscode, []);
	});
});

describe('architecture: faces choose by code, never by error text', () => {
	/** A regular expression tested against, or matched by, something that holds error or status text. */
	const TEXT_MATCH = [
		/\/(?:[^/\n\\]|\\.)+\/[dgimsuy]*\.test\([^)]*\b(?:message|reason|error|stderr|stdout|stale)\b/,
		/\b(?:message|reason|error|stderr|stale)\b[^;\n]*\.(?:match|search|matchAll)\(\s*\//,
	];

	it('no file under src/extension or src/webview matches error text with a regular expression', () => {
		const faces = files.filter((f) => f.layer === 'extension' || f.layer === 'webview');
		assert.ok(faces.length > 20);
		const offending = faces.flatMap((f) =>
			readFileSync(path.join(SRC, f.file), 'utf8')
				.split('\n')
				.flatMap((line, i) => (TEXT_MATCH.some((p) => p.test(line)) ? [`${f.file}:${i + 1}: ${line.trim()}`] : [])),
		);
		assert.deepEqual(offending, []);
	});

	it('the check itself catches the patterns it is for', () => {
		const caught = [
			"const rejected = /token|sign in/i.test(status.reason ?? '');",
			"if (/rate limit/i.test(err.message)) {",
			"const m = error.message.match(/HookRejected/);",
		];
		for (const line of caught) {
			assert.ok(TEXT_MATCH.some((p) => p.test(line)), line);
		}
		assert.ok(!TEXT_MATCH.some((p) => p.test("if (/\\bhasLog\\b/.test(item.contextValue)) {")));
	});
});
