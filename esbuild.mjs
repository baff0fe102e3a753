// Builds the extension host, CLI and Node API bundles (Node, CommonJS) and the dashboard
// webview bundle (browser, ESM, Preact) into dist/.
//   node esbuild.mjs               development build with sourcemaps
//   node esbuild.mjs --production  minified, no sourcemaps (what the vsix ships)
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { statSync } from 'node:fs';
import * as path from 'node:path';
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

/**
 * The CLI entry (dist/cli.js) stays small: `main.ts` requires `./graphCommands` only for the
 * commands that need the graph, and this plugin turns that require into loading a bundle of its
 * own (dist/cliGraph.js) through a V8 code cache (src/cli/codeCache.ts) instead of inlining it,
 * so `status` never loads graphql, @graphql-tools, octokit or the Claude runner. (esbuild has no
 * code splitting for CommonJS.)
 */
const cliGraphChunk = {
	name: 'cli-graph-chunk',
	setup(build) {
		build.onResolve({ filter: /^\.\/graphCommands$/ }, (args) =>
			args.importer.endsWith(`src${path.sep}cli${path.sep}main.ts`) ? { path: 'cliGraph.js', namespace: 'cli-graph-chunk' } : undefined,
		);
		build.onLoad({ filter: /.*/, namespace: 'cli-graph-chunk' }, () => ({
			contents: "module.exports = require('./codeCache').requireWithCodeCache(require('node:path').join(__dirname, 'cliGraph.js'));",
			resolveDir: path.resolve('src/cli'),
			loader: 'js',
		}));
	},
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
	{
		...common,
		entryPoints: {
			extension: 'src/extension/extension.ts',
			cli: 'src/cli/main.ts',
			cliGraph: 'src/cli/graphCommands.ts',
			api: 'src/api.ts',
		},
		outdir: 'dist',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
		// graphql ships .mjs and .js twins; pin one so instanceof checks hold across modules.
		mainFields: ['main', 'module'],
		plugins: [cliGraphChunk],
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
				plugins: [...(b.plugins ?? []), { name: 'report', setup: (build) => build.onEnd((r) => r.errors.length === 0 && report([r])) }],
			}),
		),
	);
	await Promise.all(contexts.map((c) => c.watch()));
	console.log('watching for changes…');
} else {
	const results = await Promise.all(builds.map((b) => esbuild.build(b)));
	report(results);
}
