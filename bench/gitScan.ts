/**
 * Informational timing of `GitModel.scan()` on many generated repositories against a sequential
 * `git status` loop and `xargs -P<cores> git status` on the same set.
 *
 * Usage: node --import tsx bench/gitScan.ts [repoCount=100] [filesPerRepo=200]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultConcurrency, GitModel } from '../src/git';
import { createGitSandbox, TestRepo } from '../test/support/repoBuilder';

async function main(): Promise<void> {
	const count = Number(process.argv[2] ?? 100);
	const files = Number(process.argv[3] ?? 200);
	const sandbox = createGitSandbox('meta-gothic-bench-');
	const root = path.join(sandbox.dir, 'workspace');
	try {
		const buildStart = performance.now();
		const repos: string[] = [];
		for (let i = 0; i < count; i++) {
			const repo = TestRepo.init(sandbox, path.join(root, `repo-${String(i).padStart(3, '0')}`));
			for (let f = 0; f < files; f++) {
				const dir = path.join(repo.path, `pkg${f % 10}`);
				mkdirSync(dir, { recursive: true });
				writeFileSync(path.join(dir, `file${f}.ts`), `export const value${f} = ${f};\n`);
			}
			repo.git('add', '-A').git('commit', '-q', '-m', 'initial');
			if (i % 4 === 0) {
				repo.write({ 'pkg0/file0.ts': 'changed\n', 'untracked.txt': 'u\n' });
			}
			repos.push(repo.path);
		}
		console.log(`built ${count} repos x ${files} files in ${((performance.now() - buildStart) / 1000).toFixed(1)}s`);

		const env = { ...process.env, ...sandbox.env, GIT_OPTIONAL_LOCKS: '0' };
		const time = (label: string, fn: () => void) => {
			const start = performance.now();
			fn();
			console.log(`${label.padEnd(44)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
		};
		// Warm the page cache so the first contender is not penalised.
		for (const repo of repos) {
			spawnSync('git', ['status', '--porcelain'], { cwd: repo, env });
		}
		time('sequential `git status --porcelain` loop', () => {
			for (const repo of repos) {
				execFileSync('git', ['status', '--porcelain'], { cwd: repo, env });
			}
		});
		const cores = defaultConcurrency();
		time(`xargs -P${cores} git status`, () => {
			spawnSync('xargs', ['-0', `-P${cores}`, '-I{}', 'git', '-C', '{}', 'status', '--porcelain'], { input: repos.join('\0'), env, stdio: ['pipe', 'ignore', 'inherit'] });
		});
		for (const concurrency of [cores, 1]) {
			const model = new GitModel({ roots: [root], env: sandbox.env, concurrency });
			const start = performance.now();
			await model.scan();
			const elapsed = performance.now() - start;
			console.log(`${`GitModel.scan() (pool ${concurrency}, ${model.repositories.length} repos, ${model.spawnCount} spawns)`.padEnd(44)} ${elapsed.toFixed(0).padStart(6)} ms`);
			const refreshStart = performance.now();
			await model.refresh(repos[0]);
			console.log(`${'GitModel.refresh() one repo'.padEnd(44)} ${(performance.now() - refreshStart).toFixed(0).padStart(6)} ms`);
			model.dispose();
		}
	} finally {
		sandbox.dispose();
	}
}

void main();
