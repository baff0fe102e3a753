/**
 * Child process for the crash test of the run store: saves ever-changing histories as fast as it
 * can and prints the number of each completed save, until it is killed.
 */
import { createRun, endRun, type AgentRun } from '../../../src/claude/runModel';
import { RunStore } from '../../../src/claude/runStore';

async function main(folder: string): Promise<void> {
	const store = new RunStore({ folder, maxRuns: 200 });
	const filler = 'x'.repeat(16 * 1024);
	for (let generation = 1; ; generation++) {
		const runs: AgentRun[] = [];
		for (let i = 0; i < 150; i++) {
			const run = createRun({ id: `run-${i}`, repositoryPath: '/repo', prompt: `generation ${generation}` }, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
			runs.push({ ...endRun(run, 'SUCCEEDED', undefined, new Date()), output: filler });
		}
		await store.save(runs);
		process.stdout.write(`saved ${generation}\n`);
	}
}

void main(process.argv[2]);
