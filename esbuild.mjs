// Builds the extension host, CLI and Node API bundles (Node, CommonJS) and the dashboard
// webview bundle (browser, ESM, Preact) into dist/.
//   node esbuild.mjs               development build with sourcemaps
//   node esbuild.mjs --production  minified, no sourcemaps (what the vsix ships)
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * Libraries needed only once GitHub is used go into bundles of their own, required on first use,
 * so loading the extension (or the Node API) does not parse them: Octokit (dist/octokit.js, when
 * a GitHub client is made for a credential; src/github/octokit.ts loads it with `import()`) and
 * yaml (dist/yaml.js, when a workflow's dispatch inputs are read; its one function goes through a
 * shim). Together about 245 KB of minified code.
 */
const LAZY_LIBRARIES = {
	octokit: {
		importer: path.join('src', 'github', 'octokit.ts'),
		filter: /^@octokit\/(rest|plugin-throttling|plugin-retry)$/,
		entry: "export { Octokit } from '@octokit/rest'; export { throttling } from '@octokit/plugin-throttling'; export { retry } from '@octokit/plugin-retry';",
		// Reached through `import()` only, so it is required when the promise is made.
		shim: (file) => `module.exports = require(require('node:path').join(__dirname, '${file}'));`,
	},
	yaml: {
		importer: path.join('src', 'github', 'workflowInputs.ts'),
		filter: /^yaml$/,
		entry: "export { parseDocument } from 'yaml';",
		// A static import: the shim requires the bundle at the first call. Importing anything else
		// from yaml there fails the build ("No matching export"), rather than failing at run time.
		shim: (file) => `let yaml; export function parseDocument(...args) { yaml ??= require(require('node:path').join(__dirname, '${file}')); return yaml.parseDocument(...args); }`,
	},
};
const lazyLibraries = {
	name: 'lazy-libraries',
	setup(build) {
		for (const [name, lib] of Object.entries(LAZY_LIBRARIES)) {
			build.onResolve({ filter: lib.filter }, (args) => (args.importer.endsWith(lib.importer) ? { path: name, namespace: 'lazy-library' } : undefined));
		}
		build.onLoad({ filter: /.*/, namespace: 'lazy-library' }, (args) => ({ contents: LAZY_LIBRARIES[args.path].shim(`${args.path}.js`), loader: 'js', resolveDir: path.resolve('src') }));
		// The entry points of the libraries' own bundles.
		build.onResolve({ filter: /^lazy-library:/ }, (args) => ({ path: args.path.slice('lazy-library:'.length), namespace: 'lazy-library-entry' }));
		build.onLoad({ filter: /.*/, namespace: 'lazy-library-entry' }, (args) => ({ contents: LAZY_LIBRARIES[args.path].entry, loader: 'js', resolveDir: path.resolve('.') }));
	},
};

/**
 * graphql ships a CommonJS build and an ES build. Every importer gets the ES one: esbuild then
 * leaves out what the graph never uses (the CommonJS build brings all of graphql, ~500 KB more
 * minified code to parse at each load). Importers ask for `graphql` itself, so one copy serves
 * them all and instanceof checks hold; a deep import would bring a second copy, so it fails.
 * gql.tada's runtime parses documents with graphql.web, a small twin of graphql: on the host,
 * which bundles graphql anyway, graphql serves it too (the webview keeps graphql.web).
 */
const graphqlEsm = {
	name: 'graphql-esm',
	setup(build) {
		const esm = createRequire(import.meta.url).resolve('graphql/index.mjs');
		build.onResolve({ filter: /^(graphql|@0no-co\/graphql\.web)$/ }, () => ({ path: esm }));
		build.onResolve({ filter: /^graphql\// }, (args) => ({ errors: [{ text: `import 'graphql', not '${args.path}': a deep import loads a second copy of graphql (from ${args.importer})` }] }));
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
			// Started by the Claude CLI of each run, not by the extension (src/claude/permissionBridge.ts).
			permissionPrompt: 'src/claude/permissionPromptServer.ts',
			// The worker thread that stamps repositories for re-scans (src/git/unchangedStamp.ts).
			stampWorker: 'src/git/unchangedStampWorker.ts',
			...Object.fromEntries(Object.keys(LAZY_LIBRARIES).map((name) => [name, `lazy-library:${name}`])),
		},
		outdir: 'dist',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
		// Packages that ship CommonJS and ES twins resolve to one of them (graphql: see graphqlEsm).
		mainFields: ['main', 'module'],
		plugins: [cliGraphChunk, lazyLibraries, graphqlEsm],
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
