// `npm test`: every check the project has, cheapest first, stopping at the first failure.
// Each step prints its duration; the last line counts the steps as "N passed, N failed".
//
//   npm test                        all steps
//   node test/run-all.mjs --list    print the steps
//   node test/run-all.mjs lint unit only the named steps (in the usual order)
import { spawnSync } from 'node:child_process';
import { repoRoot } from './support/codeServer.mjs';

/**
 * @typedef {object} Step
 * @property {string} name short name, usable on the command line
 * @property {string} title what is printed
 * @property {string[]} command argv run from the repository root
 * @property {Record<string,string>} [env] extra environment
 * @property {RegExp} [expectFailure] the step passes only when the command fails and its output
 *   matches this (proof that it failed for the planted reason, not because it could not start)
 */

/** @type {Step[]} */
const STEPS = [
	{ name: 'typecheck', title: 'type check', command: ['npm', 'run', 'typecheck'] },
	{ name: 'lint', title: 'lint', command: ['npm', 'run', 'lint'] },
	{ name: 'build', title: 'build (node esbuild.mjs)', command: ['node', 'esbuild.mjs'] },
	{ name: 'unit', title: 'unit tests', command: ['npm', 'run', 'test:unit'] },
	{ name: 'package', title: 'package meta-gothic.vsix', command: ['npm', 'run', 'package'] },
	{ name: 'vsix', title: 'vsix contents', command: ['npm', 'run', 'test:vsix'] },
	{ name: 'code-server', title: 'prepare code-server', command: ['node', 'scripts/prepare-code-server.mjs'] },
	{ name: 'vscode', title: 'extension-host tests (code-server)', command: ['npm', 'run', 'test:vscode'] },
	{
		name: 'harness',
		title: 'harness reports failures (one deliberately failing test must fail the run)',
		command: ['node', 'test/vscode/run.mjs'],
		env: { META_GOTHIC_PROVE_FAILURE: '1' },
		expectFailure: /deliberate failure \(META_GOTHIC_PROVE_FAILURE=1\)/,
	},
	{ name: 'ui', title: 'UI tests (Playwright + code-server, installed vsix)', command: ['npm', 'run', 'test:ui'] },
];

function seconds(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

function selectSteps(args) {
	if (args.length === 0) return STEPS;
	const unknown = args.filter((name) => !STEPS.some((step) => step.name === name));
	if (unknown.length > 0) {
		console.error(`unknown step(s): ${unknown.join(', ')}; known: ${STEPS.map((s) => s.name).join(', ')}`);
		process.exit(2);
	}
	return STEPS.filter((step) => args.includes(step.name));
}

function main() {
	const args = process.argv.slice(2);
	if (args.includes('--list')) {
		for (const step of STEPS) console.log(`${step.name.padEnd(12)} ${step.title}`);
		return 0;
	}
	const steps = selectSteps(args);
	const started = Date.now();
	const results = [];
	for (const step of steps) {
		console.log(`\n▶ ${step.title}: ${step.command.join(' ')}`);
		const stepStarted = Date.now();
		const run = spawnSync(step.command[0], step.command.slice(1), {
			cwd: repoRoot,
			// A step expected to fail is captured, checked and shown in short: its failure is planted.
			stdio: step.expectFailure ? ['ignore', 'pipe', 'pipe'] : 'inherit',
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
			env: { ...process.env, ...step.env },
		});
		const duration = Date.now() - stepStarted;
		const exitCode = run.status ?? 1;
		let failed = run.error != null || exitCode !== 0;
		if (step.expectFailure) {
			const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
			const planted = step.expectFailure.test(output);
			console.log(output.trimEnd().split('\n').slice(-3).join('\n'));
			console.log(`  exit code ${exitCode}; the planted failure was ${planted ? '' : 'NOT '}reported`);
			if (!planted) console.log(output);
			failed = exitCode === 0 || !planted;
		}
		results.push({ step, duration, failed, exitCode });
		console.log(`${failed ? '✖' : '✔'} ${step.title} (${seconds(duration)})${failed ? ` exit code ${exitCode}` : ''}`);
		if (run.error) console.error(run.error.message);
		if (failed) break;
	}

	console.log(`\nsteps (${seconds(Date.now() - started)} in all):`);
	for (const { step, duration, failed } of results) {
		console.log(`  ${failed ? '✖' : '✔'} ${step.name.padEnd(12)} ${seconds(duration).padStart(8)}`);
	}
	const passed = results.filter((r) => !r.failed).length;
	const failed = results.length - passed;
	const skipped = steps.length - results.length;
	console.log(`steps: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
	const failure = results.find((r) => r.failed);
	return failure ? failure.exitCode || 1 : 0;
}

process.exit(main());
