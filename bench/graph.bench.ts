/**
 * The graph in-process: the dashboard's main query over 100 real repositories, warm (git state
 * cached by the git model, GitHub state by the poller's cache — here an in-memory cache, since a
 * warm query reads only that), and the throughput of a small query.
 * Seed baseline: its networked gateway, 2.32 ms average and 7.74 ms p99 for a cross-service query.
 */
import { performance } from 'node:perf_hooks';
import { createGateway, MetaGothicGraph } from '../src/api';
import { MemoryWorkflows, workflowRun } from '../test/support/graph/memorySources';
import { OverviewQuery } from '../src/webview/queries';
import { manyRepos } from './fixtures/manyRepos';
import { fragmentBomb } from '../test/support/graph/fragmentBomb';
import { BenchRow, median, percentile, report } from './stats';

/** Runs the overview query `n` times after a warm-up; returns the measured latencies. */
async function sample(graph: MetaGothicGraph, n: number): Promise<number[]> {
	const spawnsBefore = graph.git.spawnCount;
	const first = await graph.execute({ query: OverviewQuery });
	if (first.errors?.some((e) => !e.path?.includes('github')) || (first.data?.repositories as unknown[]).length !== 100) {
		throw new Error(`unexpected result: ${JSON.stringify(first).slice(0, 300)}`);
	}
	const samples: number[] = [];
	for (let i = 0; i < n + 300; i++) {
		const t0 = performance.now();
		await graph.execute({ query: OverviewQuery });
		samples.push(performance.now() - t0);
	}
	if (graph.git.spawnCount !== spawnsBefore) {
		throw new Error('a warm query spawned git');
	}
	return samples.slice(300);
}

async function main(): Promise<void> {
	const { dir, repos } = manyRepos(100, 200);
	// GitHub connected: the poller's cache holds a GitHub repository and a latest run per repo.
	const cache = new MemoryWorkflows(
		new Map(repos.map((r, i) => [r, { repositoryPath: r, owner: 'acme', name: `repo-${i}`, defaultBranch: 'main', url: `https://github.com/acme/repo-${i}` }])),
		repos.map((r, i) => workflowRun(r, { id: String(i), runNumber: i })),
	);
	const connected = await createGateway({ roots: [dir], workflows: cache });
	const measured = await sample(connected, 2000);
	connected.dispose();
	const disconnected = await createGateway({ roots: [dir], githubToken: null });
	const offline = await sample(disconnected, 500);
	disconnected.dispose();
	const rows: BenchRow[] = [
		{ name: 'dashboard query, 100 repos, warm (p50 goal)', unit: 'ms', median: median(measured), p99: percentile(measured, 99), baseline: 0.5, baselineLabel: 'goal p50 ≤' },
		{ name: 'dashboard query, 100 repos, warm (p99 goal)', unit: 'ms', median: percentile(measured, 99), p99: null, baseline: 2, baselineLabel: 'goal p99 ≤' },
		{ name: 'dashboard query vs seed gateway (avg)', unit: 'ms', median: measured.reduce((a, b) => a + b, 0) / measured.length, p99: percentile(measured, 99), baseline: 2.32, baselineLabel: 'seed avg' },
		{ name: 'dashboard query, GitHub not connected', unit: 'ms', median: median(offline), p99: percentile(offline, 99), baseline: null, baselineLabel: '' },
	];
	const graph = await createGateway({ roots: [dir], githubToken: null });

	const small = '{ health { status summary } }';
	const end = performance.now() + 2000;
	let ops = 0;
	while (performance.now() < end) {
		await graph.execute({ query: small });
		ops++;
	}
	rows.push({ name: 'small query throughput', unit: 'ops/s', median: ops / 2, p99: null, baseline: 1000, baselineLabel: 'seed promise' });

	// A 1.2 KB document whose fragments double per level (2^30 spreads if walked naively), each a
	// new document so neither the parse cache nor a previous walk helps.
	const bombs: number[] = [];
	for (let i = 0; i < 50; i++) {
		const query = `${fragmentBomb(30)} # ${i}`;
		const t0 = performance.now();
		const result = await graph.execute({ query });
		bombs.push(performance.now() - t0);
		if (result.errors?.[0]?.extensions?.code !== 'OPERATION_TOO_COSTLY') {
			throw new Error(`the fragment bomb was not rejected: ${JSON.stringify(result).slice(0, 300)}`);
		}
	}
	rows.push({ name: 'fragment bomb (1.2 KB, 30 doubling levels) rejected', unit: 'ms', median: median(bombs), p99: percentile(bombs, 99), baseline: 10, baselineLabel: 'goal ≤' });
	graph.dispose();
	report(rows);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
