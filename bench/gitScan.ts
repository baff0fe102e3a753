/**
 * Informational timing of `GitModel.scan()` (in-process, no CLI start-up) on the benchmark
 * workspace, against a sequential `git status` loop and `xargs -P<cores>` on the same repositories,
 * with git spawned directly and through the helper process, at our own size and with 300 MB of
 * ballast (roughly an extension host, where fork cost dominates).
 *
 * Usage: node --import tsx bench/gitScan.ts [repoCount=100] [filesPerRepo=200]
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { defaultConcurrency, GitModel } from '../src/git';
import { benchGitEnv, manyRepos } from './fixtures/manyRepos';

const RUNS = 5;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function line(label: string, samples: number[]): void {
	console.log(`${label.padEnd(58)} ${median(samples).toFixed(0).padStart(6)} ms`);
}

async function main(): Promise<void> {
	const { dir, repos } = manyRepos(Number(process.argv[2] ?? 100), Number(process.argv[3] ?? 200));
	const cores = defaultConcurrency();
	const shell = (script: string) => () => spawnSync('bash', ['-c', script], { input: repos.join('\n'), env: benchGitEnv, stdio: ['pipe', 'ignore', 'inherit'] });
	const sync = (fn: () => unknown): number[] => {
		fn();
		return Array.from({ length: RUNS }, () => {
			const t0 = performance.now();
			fn();
			return performance.now() - t0;
		});
	};
	line('sequential `git status --porcelain=v2 --branch` loop', sync(shell('while read -r d; do git -C "$d" status --porcelain=v2 --branch; done')));
	line(`xargs -P${cores} git status --porcelain=v2 --branch`, sync(shell(`xargs -P${cores} -I{} git -C {} status --porcelain=v2 --branch`)));

	const ballast: Buffer[] = [];
	for (const megabytes of [0, 300]) {
		while (ballast.length < megabytes) {
			ballast.push(Buffer.alloc(1 << 20, 1));
		}
		for (const spawnMode of ['direct', 'helper'] as const) {
			const model = new GitModel({ roots: [dir], env: { GIT_CONFIG_GLOBAL: benchGitEnv.GIT_CONFIG_GLOBAL ?? '' }, spawnMode });
			const samples: number[] = [];
			for (let i = 0; i <= RUNS; i++) {
				const t0 = performance.now();
				await model.scan();
				if (i > 0) {
					samples.push(performance.now() - t0);
				}
			}
			const rss = Math.round(process.memoryUsage.rss() / (1 << 20));
			line(`GitModel.scan() ${spawnMode}, ${rss} MB RSS (${model.spawnCount / (RUNS + 1)} spawns)`, samples);
			model.dispose();
		}
	}
}

void main();
