// Runs a command while a CPU-bound process keeps one core busy, the way a loaded CI machine does.
// The UI tier must pass like this: it waits for states, never for time.
//
//   node scripts/busyCore.mjs [--cores N] -- COMMAND [ARG...]
//
// The busy process is a child in a process group of its own, killed when the command ends or when
// this script gets SIGINT/SIGTERM; the exit code is the command's.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const argv = process.argv.slice(2);
const separator = argv.indexOf('--');
if (separator < 0 || separator === argv.length - 1) {
	console.error('usage: node scripts/busyCore.mjs [--cores N] -- COMMAND [ARG...]');
	process.exit(2);
}
const options = argv.slice(0, separator);
const [command, ...args] = argv.slice(separator + 1);
const coresAt = options.indexOf('--cores');
const cores = coresAt >= 0 ? Number(options[coresAt + 1]) : 1;
if (!Number.isInteger(cores) || cores < 1) {
	console.error('--cores takes a whole number of at least 1');
	process.exit(2);
}

const SPIN = 'for (;;) { Math.sqrt(Math.random()); }';
const spinners = Array.from({ length: cores }, () => spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore', detached: true }));
console.log(`busy: ${cores} CPU-bound process${cores === 1 ? '' : 'es'} (pid ${spinners.map((s) => s.pid).join(', ')}) while running ${command} ${args.join(' ')}`);

function stopSpinners() {
	for (const spinner of spinners) {
		try {
			process.kill(-spinner.pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
}

const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		child.kill(signal);
	});
}
child.on('error', (error) => {
	stopSpinners();
	console.error(`busy: could not start ${command}: ${error.message}`);
	process.exit(127);
});
child.on('exit', (code, signal) => {
	stopSpinners();
	process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
