/**
 * Agent runs must not outlive the process that started them. The CLI is spawned in a process
 * group of its own (so a cancel reaches every tool it started), which also means a Ctrl-C in the
 * terminal or a `kill` of the host never reaches it. While any CLI process of this host is live,
 * this module therefore:
 *
 * - on SIGINT, SIGTERM or SIGHUP that nobody else handles, stops every run owner (each cancels its
 *   runs, waits until their processes are gone and writes its history) and then exits with
 *   128 + the signal's number (130, 143, 129), as the signal itself would have; a second signal
 *   exits at once;
 * - on `exit` (`process.exit()`, an uncaught exception), SIGKILLs what is still running, the one
 *   thing still possible there: nothing asynchronous runs any more.
 *
 * A host that listens to a signal itself decides what it means (and is expected to dispose its
 * runs); the `exit` backstop still applies.
 */
import { toDisposable, type IDisposable } from '../common/lifecycle';
import { readProcessTableSync, runGroups, signalGroup } from './processTree';

/** A live CLI process: its pid (also its process group) and how to stop it. */
export interface TrackedProcess {
	readonly pid: number | undefined;
	cancel(): void;
	/** Settles once the process and its groups are gone. */
	readonly exited: Promise<unknown>;
}

/** Something that holds runs and can stop them and write their last state. */
export interface StoppableRuns {
	shutdown(): Promise<void>;
}

/** Signals handled, with the exit code each conventionally leaves (128 + its number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** A signal {@link SIGNAL_EXIT_CODES} knows. */
export type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

const SIGNALS = Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[];
const processes = new Set<TrackedProcess>();
const owners = new Set<StoppableRuns>();
let armed = false;
let stopping: HandledSignal | undefined;

function onSignal(signal: HandledSignal): void {
	if (stopping) {
		// Asked twice: stop waiting. The exit listener kills what is left.
		process.exit(SIGNAL_EXIT_CODES[signal]);
	}
	if (process.listenerCount(signal) > 1) {
		return;
	}
	stopping = signal;
	// Should the host end by itself first (nothing left to wait for), it still ends as the signal would.
	process.exitCode = SIGNAL_EXIT_CODES[signal];
	const done = [...owners].map((o) => o.shutdown());
	for (const p of processes) {
		// Runs not owned by a queue (a bare ClaudeProcess) are stopped too.
		p.cancel();
		done.push(p.exited.then(() => undefined));
	}
	void Promise.allSettled(done).then(() => process.exit(SIGNAL_EXIT_CODES[signal]));
}

const listeners = new Map(SIGNALS.map((s) => [s, () => onSignal(s)]));

function onExit(): void {
	if (processes.size === 0) {
		return;
	}
	// SIGKILL, not SIGTERM: this process is going now and could not escalate later.
	const rows = readProcessTableSync();
	for (const { pid } of processes) {
		if (pid !== undefined) {
			for (const group of runGroups(pid, rows)) {
				signalGroup(group, 'SIGKILL');
			}
		}
	}
}

function arm(): void {
	if (!armed) {
		armed = true;
		for (const [signal, listener] of listeners) {
			process.on(signal, listener);
		}
		process.on('exit', onExit);
	}
}

function disarm(): void {
	// While stopping the listeners stay: a second signal must still exit rather than kill us bare.
	if (armed && processes.size === 0 && !stopping) {
		armed = false;
		for (const [signal, listener] of listeners) {
			process.removeListener(signal, listener);
		}
		process.removeListener('exit', onExit);
	}
}

/** Keeps the host's signal and exit listeners while `proc` is live; dispose once it is gone. */
export function trackProcess(proc: TrackedProcess): IDisposable {
	processes.add(proc);
	arm();
	return toDisposable(() => {
		processes.delete(proc);
		disarm();
	});
}

/** Stops `owner` on a signal the host does not handle; dispose when it has shut down. */
export function trackOwner(owner: StoppableRuns): IDisposable {
	owners.add(owner);
	return toDisposable(() => owners.delete(owner));
}
