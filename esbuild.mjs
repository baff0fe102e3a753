// Builds the extension host, CLI and Node API bundles (Node, CommonJS) and the dashboard
// webview bundle (browser, ESM, Preact) into dist/.
//   node esbuild.mjs               development build with sourcemaps
//   node esbuild.mjs --production  minified, no sourcemaps (what the vsix ships)
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
	bundle: true,
	minify: production,
	sourcemap: production ? false : 'linked',
	sourcesContent: false,
	logLevel: 'warning',
	legalComments: production ? 'none' : 'inline',
	define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
	metafile: true,
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
	{
		...common,
		entryPoints: {
			extension: 'src/extension/extension.ts',
			cli: 'src/cli/main.ts',
			api: 'src/api.ts',
		},
		outdir: 'dist',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
		// graphql ships .mjs and .js twins; pin one so instanceof checks hold across modules.
		mainFields: ['main', 'module'],
	},
	{
		...common,
		entryPoints: { webview: 'src/webview/main.tsx' },
		outdir: 'dist',
		platform: 'browser',
		format: 'esm',
		target: 'es2022',
		jsx: 'automatic',
		jsxImportSource: 'preact',
		loader: { '.ttf': 'file' },
		tsconfig: 'src/webview/tsconfig.json',
	},
];

function formatSize(bytes) {
	return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function report(results) {
	const rows = [];
	for (const result of results) {
		for (const file of Object.keys(result.metafile.outputs)) {
			if (file.endsWith('.map')) continue;
			const size = statSync(file).size;
			const gz = gzipSync(readFileSync(file)).length;
			rows.push(`  ${file.padEnd(24)} ${formatSize(size).padStart(10)}  (${formatSize(gz)} gzip)`);
		}
	}
	console.log(`built${production ? ' (production)' : ''}:\n${rows.join('\n')}`);
}

if (watch) {
	const contexts = await Promise.all(
		builds.map((b) =>
			esbuild.context({
				...b,
				plugins: [{ name: 'report', setup: (build) => build.onEnd((r) => r.errors.length === 0 && report([r])) }],
			}),
		),
	);
	await Promise.all(contexts.map((c) => c.watch()));
	console.log('watching for changes…');
} else {
	const results = await Promise.all(builds.map((b) => esbuild.build(b)));
	report(results);
}
