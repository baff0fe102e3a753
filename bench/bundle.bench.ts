/**
 * Bundle size and load time of the production extension bundle. Load time is the median over
 * fresh Node processes of `require('dist/extension.js')` with a stub `vscode` module — what
 * VS Code pays before `activate` runs. Baseline: the GitHub Actions extension v0.32.3 built on
 * this machine (1.42 MB, 405 KB gzip, 75 ms load measured the same way).
 *
 * Most of the load is V8 parsing the bundle (`node --cpu-prof`: compiling the script is ~40% of
 * it; evaluating module bodies a few ms), so the load follows the bundle's size: Octokit and yaml
 * are bundles of their own that the extension requires on first use, and graphql comes from its
 * ES build so that what the graph never uses is left out (see esbuild.mjs).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BenchRow, median, percentile, report } from './stats';

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'ignore' });

const rows: BenchRow[] = [];
const kb = (file: string) => statSync(path.join(root, 'dist', file)).size / 1024;
const gzKb = (file: string) => gzipSync(readFileSync(path.join(root, 'dist', file))).length / 1024;
rows.push({ name: 'extension bundle (minified)', unit: 'KB', median: kb('extension.js'), p99: null, baseline: 1.42 * 1024, baselineLabel: 'GH Actions ext' });
rows.push({ name: 'extension bundle (gzip)', unit: 'KB', median: gzKb('extension.js'), p99: null, baseline: 405, baselineLabel: 'GH Actions ext' });
rows.push({ name: 'extension bundle vs goal', unit: 'KB', median: kb('extension.js'), p99: null, baseline: 1024, baselineLabel: 'goal ≤' });
rows.push({ name: 'webview bundle (minified) vs goal', unit: 'KB', median: kb('webview.js'), p99: null, baseline: 250, baselineLabel: 'goal ≤' });
rows.push({ name: 'webview bundle (gzip)', unit: 'KB', median: gzKb('webview.js'), p99: null, baseline: null, baselineLabel: '' });
rows.push({ name: 'webview stylesheet (codicons; minified)', unit: 'KB', median: kb('webview.css'), p99: null, baseline: null, baselineLabel: '' });
rows.push({ name: 'cli entry bundle (minified)', unit: 'KB', median: kb('cli.js'), p99: null, baseline: null, baselineLabel: '' });
rows.push({ name: 'cli graph bundle (minified, loaded on demand)', unit: 'KB', median: kb('cliGraph.js'), p99: null, baseline: null, baselineLabel: '' });
rows.push({ name: 'octokit bundle (minified, loaded on first GitHub use)', unit: 'KB', median: kb('octokit.js'), p99: null, baseline: null, baselineLabel: '' });
rows.push({ name: 'yaml bundle (minified, loaded on first workflow read)', unit: 'KB', median: kb('yaml.js'), p99: null, baseline: null, baselineLabel: '' });

// The stub answers every property with a harmless function/object so module-level code that
// touches `vscode` (createOutputChannel…) runs as it would in the extension host.
const loader = `
const Module = require('module');
const any = new Proxy(function () {}, { get: (t, p) => (p === 'then' ? undefined : any), apply: () => any, construct: () => any });
const stub = {};
for (const name of ['window', 'workspace', 'commands', 'env', 'authentication', 'Uri', 'EventEmitter', 'Disposable', 'ThemeIcon', 'ThemeColor', 'TreeItem', 'MarkdownString', 'ViewColumn', 'StatusBarAlignment', 'TreeItemCollapsibleState', 'ConfigurationTarget', 'ProgressLocation']) stub[name] = any;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
const t0 = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
`;
const samples: number[] = [];
for (let i = 0; i < 30; i++) {
	samples.push(Number(execFileSync(process.execPath, ['-e', loader, path.join(root, 'dist/extension.js')], { encoding: 'utf8' })));
}
rows.push({ name: 'extension load (require, fresh process)', unit: 'ms', median: median(samples), p99: percentile(samples, 99), baseline: 75, baselineLabel: 'GH Actions ext' });
rows.push({ name: 'extension load vs goal', unit: 'ms', median: median(samples), p99: percentile(samples, 99), baseline: 40, baselineLabel: 'goal ≤' });
report(rows);
