/**
 * `meta-gothic status --json` as a whole process (Node start included) over 100 real
 * repositories, against the same-run baselines: a sequential `git status --porcelain=v2 --branch`
 * loop, the same with `xargs -P2` (the physical limit on 2 cores), and `mr -j2 status`
 * (Debian's myrepos, when installed). Ratios, not absolute times, are what the goals name.
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

function time(fn: () => void): number[] {
	fn(); // warm the page cache
	const samples: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		fn();
		samples.push(performance.now() - t0);
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

const ours = time(() => {
	const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'status', '--json', '--root', dir], { env: { ...benchGitEnv, GITHUB_TOKEN: '' }, encoding: 'utf8', maxBuffer: 64 << 20 });
	if (r.status !== 0 || (JSON.parse(r.stdout) as unknown[]).length !== repos.length) {
		throw new Error(`meta-gothic status failed: ${r.stderr}`);
	}
});
const sequential = time(() => sh(`while read -r d; do git -C "$d" status --porcelain=v2 --branch >/dev/null; done < ${list}`));
const parallel = time(() => sh(`xargs -P2 -I{} git -C {} status --porcelain=v2 --branch < ${list} >/dev/null`));

const rows: BenchRow[] = [
	{ name: 'status 100 repos: git loop (sequential)', unit: 'ms', median: median(sequential), p99: percentile(sequential, 99), baseline: null, baselineLabel: '' },
	{ name: 'status 100 repos: xargs -P2 (limit)', unit: 'ms', median: median(parallel), p99: percentile(parallel, 99), baseline: null, baselineLabel: '' },
	{ name: 'meta-gothic status --json vs xargs -P2', unit: 'ms', median: median(ours), p99: percentile(ours, 99), baseline: median(parallel), baselineLabel: 'xargs (goal ≤1.5×)' },
	{ name: 'meta-gothic status --json vs git loop', unit: 'ms', median: median(ours), p99: percentile(ours, 99), baseline: median(sequential), baselineLabel: 'loop' },
];

if (spawnSync('mr', ['help'], { stdio: 'ignore' }).error === undefined) {
	const home = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-mr-'));
	const config = path.join(home, '.mrconfig');
	writeFileSync(config, repos.map((r) => `[${r}]\n`).join('\n'));
	writeFileSync(path.join(home, '.mrtrust'), `${config}\n`);
	const mr = time(() => sh(`cd ${dir} && mr -c ${config} -j2 status >/dev/null 2>&1 || true`, { ...benchGitEnv, HOME: home }));
	rows.push({ name: 'meta-gothic status --json vs mr -j2 status', unit: 'ms', median: median(ours), p99: percentile(ours, 99), baseline: median(mr), baselineLabel: 'mr (goal ≤0.5×)' });
	rmSync(home, { recursive: true, force: true });
} else {
	process.stderr.write('bench: mr (Debian package myrepos) not installed; skipping that baseline\n');
}
rmSync(list, { force: true });
report(rows);
