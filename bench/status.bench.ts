/**
 * `meta-gothic status --json` as a whole process (Node start included) over 100 real
 * repositories, against the same-run baselines: a sequential `git status --porcelain=v2 --branch`
 * loop, the same with `xargs -P2` (the physical limit on 2 cores), and `mr -j2 status`
 * (Debian's myrepos, when installed). Ratios, not absolute times, are what the goals name.
 *
 * The contenders run interleaved, round by round in a rotating order, so that a burst of load from
 * elsewhere on the (shared, 2-core) machine slows them all alike instead of skewing one ratio.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchGitEnv, manyRepos } from './fixtures/manyRepos';
import { BenchRow, median, percentile, report } from './stats';

const root = path.resolve(__dirname, '..');
const RUNS = 9;

/** Runs each contender once to warm the page cache, then `RUNS` interleaved rounds; samples by name. */
function timeInterleaved<K extends string>(contenders: Record<K, () => void>): Record<K, number[]> {
	const names = Object.keys(contenders) as K[];
	const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
	for (const name of names) {
		contenders[name]();
	}
	for (let round = 0; round < RUNS; round++) {
		for (let i = 0; i < names.length; i++) {
			const name = names[(round + i) % names.length];
			const t0 = performance.now();
			contenders[name]();
			samples[name].push(performance.now() - t0);
		}
	}
	return samples;
}

function sh(script: string, env: NodeJS.ProcessEnv = benchGitEnv): void {
	const r = spawnSync('bash', ['-c', script], { env, stdio: 'ignore' });
	if (r.status !== 0) {
		throw new Error(`baseline failed: ${script.slice(0, 80)}`);
	}
}

const { dir, repos } = manyRepos(100, 200);
execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'ignore' });
const list = path.join(os.tmpdir(), `meta-gothic-bench-${process.pid}.txt`);
writeFileSync(list, repos.join('\n'));

const hasMr = spawnSync('mr', ['help'], { stdio: 'ignore' }).error === undefined;
const home = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-mr-'));
const mrConfig = path.join(home, '.mrconfig');
writeFileSync(mrConfig, repos.map((r) => `[${r}]\n`).join('\n'));
writeFileSync(path.join(home, '.mrtrust'), `${mrConfig}\n`);

const contenders = {
	ours: () => {
		const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'status', '--json', '--root', dir], { env: { ...benchGitEnv, GITHUB_TOKEN: '' }, encoding: 'utf8', maxBuffer: 64 << 20 });
		if (r.status !== 0 || (JSON.parse(r.stdout) as unknown[]).length !== repos.length) {
			throw new Error(`meta-gothic status failed: ${r.stderr}`);
		}
	},
	sequential: () => sh(`while read -r d; do git -C "$d" status --porcelain=v2 --branch >/dev/null; done < ${list}`),
	parallel: () => sh(`xargs -P2 -I{} git -C {} status --porcelain=v2 --branch < ${list} >/dev/null`),
	mr: () => (hasMr ? sh(`cd ${dir} && mr -c ${mrConfig} -j2 status >/dev/null 2>&1 || true`, { ...benchGitEnv, HOME: home }) : undefined),
};
const loadBefore = os.loadavg()[0];
const { ours, sequential, parallel, mr } = timeInterleaved(contenders);
const loadAfter = os.loadavg()[0];
rmSync(home, { recursive: true, force: true });

const rows: BenchRow[] = [
	{ name: 'status 100 repos: git loop (sequential)', unit: 'ms', median: median(sequential), p99: percentile(sequential, 99), baseline: null, baselineLabel: '' },
	{ name: 'status 100 repos: xargs -P2 (limit)', unit: 'ms', median: median(parallel), p99: percentile(parallel, 99), baseline: null, baselineLabel: '' },
	{ name: 'meta-gothic status --json vs xargs -P2', unit: 'ms', median: median(ours), p99: percentile(ours, 99), baseline: median(parallel), baselineLabel: 'xargs (goal ≤1.5×)' },
	{ name: 'meta-gothic status --json vs git loop', unit: 'ms', median: median(ours), p99: percentile(ours, 99), baseline: median(sequential), baselineLabel: 'loop' },
];

if (hasMr) {
	rows.push({ name: 'meta-gothic status --json vs mr -j2 status', unit: 'ms', median: median(ours), p99: percentile(ours, 99), baseline: median(mr), baselineLabel: 'mr (goal ≤0.5×)' });
} else {
	process.stderr.write('bench: mr (Debian package myrepos) not installed; skipping that baseline\n');
}
rmSync(list, { force: true });
report(rows, [`status: load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${os.availableParallelism()} cores (above the core count, others' work inflates every figure)`]);
