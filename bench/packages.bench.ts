/**
 * The packages domain against a real registry (Verdaccio on loopback, the test family of 8
 * packages, 6 of them public): a cold `packages` query (package.json files, one packument per
 * public package, release tags from git), a warm one (all cached), and a refresh (every
 * packument revalidated with If-None-Match). Baseline: what a maintainer's script pays for the
 * same answer from npm itself, `npm view <name> dist-tags.latest` once per public package, in
 * sequence. Request counts are compared with the ideal of one request per public package.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createGateway, type MetaGothicGraph } from '../src/api';
import { createPackageFamily } from '../test/support/npmRegistry/packageFamily';
import { startVerdaccio } from '../test/support/npmRegistry/verdaccio';
import { type BenchRow, median, percentile, report } from './stats';

const run = promisify(execFile);
const QUERY = '{ packages { name version latest commitsSinceRelease needsRelease dependents { outdated } } }';
const PUBLIC = ['@acme/core', 'acme-utils', '@acme/ui', 'acme-legacy', '@acme/cli', '@acme/lint'];

async function main(): Promise<void> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-bench-packages-'));
	const registry = await startVerdaccio({ parent: dir });
	const graphs: MetaGothicGraph[] = [];
	try {
		const family = await createPackageFamily(dir, registry);
		const userConfig = path.join(dir, 'empty-npmrc');
		writeFileSync(userConfig, '');
		const open = async () => {
			const graph = await createGateway({ roots: [family.root], githubToken: null, gitEnv: family.sandbox.env, npmEnv: { HOME: dir }, npmUserConfig: userConfig, storageDir: path.join(dir, 'runs') });
			graphs.push(graph);
			return graph;
		};
		const query = async (graph: MetaGothicGraph) => {
			const result = await graph.execute({ query: QUERY });
			if (result.errors || (result.data?.packages as unknown[]).length !== 8) {
				throw new Error(`unexpected result: ${JSON.stringify(result).slice(0, 300)}`);
			}
		};

		const npmView: number[] = [];
		for (let i = 0; i < 3; i++) {
			const t0 = performance.now();
			for (const name of PUBLIC.filter((n) => n !== '@acme/cli')) {
				await run('npm', ['view', name, 'dist-tags.latest', '--registry', registry.url], { env: registry.npmEnv });
			}
			// The never-published one: npm exits 1 with E404, as the graph reports NOT_FOUND.
			await run('npm', ['view', '@acme/cli', 'dist-tags.latest', '--registry', registry.url], { env: registry.npmEnv }).catch(() => undefined);
			npmView.push(performance.now() - t0);
		}

		const cold: number[] = [];
		let coldRequests = 0;
		for (let i = 0; i < 5; i++) {
			const graph = await open();
			const t0 = performance.now();
			await query(graph);
			cold.push(performance.now() - t0);
			coldRequests = graph.packages!.client.stats.requests;
			graph.dispose();
		}

		const graph = await open();
		await query(graph);
		const afterFirst = graph.packages!.client.stats.requests;
		const warm: number[] = [];
		for (let i = 0; i < 200; i++) {
			const t0 = performance.now();
			await query(graph);
			warm.push(performance.now() - t0);
		}
		const warmRequests = graph.packages!.client.stats.requests;

		const refresh: number[] = [];
		const before = { ...graph.packages!.client.stats };
		for (let i = 0; i < 10; i++) {
			const t0 = performance.now();
			await graph.execute({ query: 'mutation { refreshPackages { available } }' });
			await query(graph);
			refresh.push(performance.now() - t0);
		}
		const after = graph.packages!.client.stats;
		const perRefresh = (after.requests - before.requests) / 10;
		const notModified = (after.notModified - before.notModified) / 10;

		const rows: BenchRow[] = [
			{ name: 'packages query, cold (8 packages, 6 public)', unit: 'ms', median: median(cold), p99: percentile(cold, 99), baseline: median(npmView), baselineLabel: 'npm view ×6' },
			{ name: 'packages query, warm (cached)', unit: 'ms', median: median(warm), p99: percentile(warm, 99), baseline: null, baselineLabel: '' },
			{ name: 'refresh + packages query (If-None-Match)', unit: 'ms', median: median(refresh), p99: percentile(refresh, 99), baseline: median(npmView), baselineLabel: 'npm view ×6' },
			{ name: 'registry requests, cold query', unit: 'req', median: coldRequests, p99: null, baseline: PUBLIC.length, baselineLabel: 'ideal: 1 per package' },
			{ name: 'registry requests, 200 warm queries', unit: 'req', median: warmRequests - afterFirst, p99: null, baseline: null, baselineLabel: 'ideal: 0' },
			{ name: 'registry requests per refresh', unit: 'req', median: perRefresh, p99: null, baseline: PUBLIC.length, baselineLabel: 'ideal: 1 per package' },
			{ name: 'of those, 304 Not Modified', unit: 'req', median: notModified, p99: null, baseline: PUBLIC.length - 1, baselineLabel: 'all but the 404' },
		];
		report(rows, ['packages: Verdaccio on 127.0.0.1; the cold query also reads 8 package.json files and runs 2 git processes per package with a version (its release tag, the commits since).']);
	} finally {
		for (const g of graphs) {
			g.dispose();
		}
		await registry.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

void main();
