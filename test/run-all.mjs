// `npm test`: every check the project has, cheapest first, stopping at the first failure.
// Each step prints its duration; the last line counts the steps as "N passed, N failed".
// On a fresh machine the first two steps install what the others need: the system packages
// (apt-get, when running as root) and the npm packages (npm ci, when node_modules is missing or
// does not match package-lock.json). They always run, even when steps are named.
//
//   npm test                        all steps
//   node test/run-all.mjs --list    print the steps
//   node test/run-all.mjs lint unit only the named steps (in the usual order), after the set-up
//
// Imports nothing outside Node until `npm` has installed the packages.
import { spawnSync } from 'node:child_process';
import { POISON } from './install/poison.mjs';
import { isCodeServerInstalled, repoRoot } from './support/codeServer.mjs';
import { CODE_SERVER_BUILD_PACKAGES } from '../scripts/setup/systemPackages.mjs';

/**
 * @typedef {object} Step
 * @property {string} name short name, usable on the command line
 * @property {string} title what is printed
 * @property {string[]} command argv run from the repository root
 * @property {Record<string,string>} [env] extra environment
 * @property {RegExp} [expectFailure] the step passes only when the command fails and its output
 *   matches this (proof that it failed for the planted reason, not because it could not start)
 * @property {string[]} [needs] system packages the step needs (scripts/setup/systemPackages.mjs)
 * @property {boolean} [codeServer] the step needs the pinned code-server
 * @property {boolean} [setUp] runs whatever steps are named
 */

const UNIT_NEEDS = ['git'];
const BROWSER_NEEDS = ['git', 'chromium'];

/** @type {Step[]} */
const STEPS = [
	{ name: 'system', title: 'system packages', command: ['node', 'scripts/setup/systemPackages.mjs', '--for', 'npm test'], setUp: true },
	{ name: 'npm', title: 'npm packages', command: ['node', 'scripts/setup/npmPackages.mjs', '--for', 'npm test'], setUp: true },
	{ name: 'typecheck', title: 'type check', command: ['npm', 'run', 'typecheck'] },
	{ name: 'lint', title: 'lint', command: ['npm', 'run', 'lint'] },
	{ name: 'build', title: 'build (node esbuild.mjs)', command: ['node', 'esbuild.mjs'] },
	{ name: 'unit', title: 'unit tests', command: ['npm', 'run', 'test:unit'], needs: UNIT_NEEDS },
	{ name: 'component', title: 'dashboard component tests (headless Chromium, real gateway)', command: ['npm', 'run', 'test:component'], needs: BROWSER_NEEDS },
	{ name: 'package', title: 'package meta-gothic.vsix', command: ['npm', 'run', 'package'] },
	{ name: 'vsix', title: 'vsix contents', command: ['npm', 'run', 'test:vsix'] },
	{
		name: 'code-server',
		title: 'code-server installs and starts from inside npm run, with a poisoned npm environment',
		command: ['npm', 'run', '--silent', 'test:install'],
		env: POISON,
		codeServer: true,
	},
	{ name: 'vscode', title: 'extension-host tests (code-server)', command: ['npm', 'run', 'test:vscode'], needs: BROWSER_NEEDS, codeServer: true },
	{
		name: 'harness',
		title: 'harness reports failures (one deliberately failing test must fail the run)',
		command: ['node', 'test/vscode/run.mjs'],
		env: { META_GOTHIC_PROVE_FAILURE: '1' },
		expectFailure: /deliberate failure \(META_GOTHIC_PROVE_FAILURE=1\)/,
		needs: BROWSER_NEEDS,
		codeServer: true,
	},
	{ name: 'ui', title: 'UI tests (Playwright + code-server, installed vsix)', command: ['npm', 'run', 'test:ui'], needs: BROWSER_NEEDS, codeServer: true },
	{
		name: 'demo',
		title: 'demo smoke: npm run demo serves a workbench that lists the repositories; Ctrl-C leaves no process',
		command: ['npm', 'run', '--silent', 'test:demo'],
		needs: BROWSER_NEEDS,
		codeServer: true,
	},
];

/** The system step checks for what the chosen steps need, and no more. */
function withSystemPackages(steps) {
	const needed = new Set(steps.flatMap((step) => step.needs ?? []));
	if (steps.some((step) => step.codeServer) && !isCodeServerInstalled()) for (const name of CODE_SERVER_BUILD_PACKAGES) needed.add(name);
	return steps.map((step) => (step.name === 'system' ? { ...step, command: [...step.command, ...needed] } : step));
}

function seconds(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

function selectSteps(args) {
	if (args.length === 0) return withSystemPackages(STEPS);
	const unknown = args.filter((name) => !STEPS.some((step) => step.name === name));
	if (unknown.length > 0) {
		console.error(`unknown step(s): ${unknown.join(', ')}; known: ${STEPS.map((s) => s.name).join(', ')}`);
		process.exit(2);
	}
	return withSystemPackages(STEPS.filter((step) => step.setUp || args.includes(step.name)));
}

function main() {
	const args = process.argv.slice(2);
	if (args.includes('--list')) {
		for (const step of STEPS) console.log(`${step.name.padEnd(12)} ${step.title}${step.setUp ? ' (always)' : ''}`);
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
