/**
 * Which process owns an unfinished run, and whether that process is still there. Several
 * processes may open one run history (two VS Code windows, a window and the CLI): a run another
 * live process is running must not be taken for one cut off by a crash. A pid alone is not
 * enough, since pids are reused, so the owner also records when its process started.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { toDisposable, type IDisposable } from '../common/lifecycle';

/** The process (and the queue in it) that runs an unfinished run. */
export interface RunOwner {
	readonly pid: number;
	/** When that process started, in a form that differs for a later process with the same pid; absent where it cannot be read. */
	readonly processStart?: string;
	/** The queue in that process, so a second queue in the same process can tell its runs from a disposed one's. */
	readonly queueId: string;
}

/** What `/proc` or `ps` tell of a process: its start and whether it has already exited. */
interface ProcessFacts {
	readonly start: string | undefined;
	readonly zombie: boolean;
}

let bootId: string | undefined | null = null;

/** Ticks since boot only mean something with the boot they count from. */
function linuxBootId(): string | undefined {
	if (bootId === null) {
		try {
			bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
		} catch {
			bootId = undefined;
		}
	}
	return bootId;
}

function factsOf(pid: number): ProcessFacts | undefined {
	if (process.platform === 'linux') {
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			return undefined;
		}
		// The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// Field 3 is the state, field 22 the start time in clock ticks since boot.
		return { start: `${linuxBootId() ?? ''}:${fields[19]}`, zombie: fields[0] === 'Z' };
	}
	if (process.platform === 'win32') {
		return undefined;
	}
	try {
		const out = execFileSync('ps', ['-o', 'stat=,lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		const [state = '', ...start] = out.split(/\s+/);
		return out ? { start: start.join(' '), zombie: state.startsWith('Z') } : undefined;
	} catch {
		return undefined;
	}
}

/** When process `pid` started (see {@link RunOwner.processStart}); undefined when it is gone or this cannot be read here. */
export function processStartOf(pid: number): string | undefined {
	return factsOf(pid)?.start;
}

let ownStart: string | undefined | null = null;

function ownProcessStart(): string | undefined {
	if (ownStart === null) {
		ownStart = processStartOf(process.pid);
	}
	return ownStart;
}

const liveQueues = new Set<string>();

/** An owner for a new queue of this process; dispose when the queue is done. */
export function claimRuns(): { readonly owner: RunOwner } & IDisposable {
	const queueId = randomUUID();
	liveQueues.add(queueId);
	const start = ownProcessStart();
	const owner: RunOwner = { pid: process.pid, ...(start !== undefined ? { processStart: start } : {}), queueId };
	return { owner, ...toDisposable(() => liveQueues.delete(queueId)) };
}

function isRunOwner(v: unknown): v is RunOwner {
	const o = v as Partial<RunOwner> | undefined;
	return typeof o === 'object' && o !== null && Number.isInteger(o.pid) && (o.pid ?? 0) > 0 && typeof o.queueId === 'string'
		&& (o.processStart === undefined || typeof o.processStart === 'string');
}

/**
 * Whether the owner of a run is still there. A run without a (readable) owner was written before
 * owners were recorded, or by a process that is gone: not alive.
 */
export function isOwnerAlive(owner: unknown): boolean {
	if (!isRunOwner(owner)) {
		return false;
	}
	if (owner.pid === process.pid && (owner.processStart === undefined || owner.processStart === ownProcessStart())) {
		return liveQueues.has(owner.queueId);
	}
	try {
		process.kill(owner.pid, 0);
	} catch (err) {
		// EPERM: the process exists but belongs to another user.
		if ((err as NodeJS.ErrnoException).code !== 'EPERM') {
			return false;
		}
	}
	const facts = factsOf(owner.pid);
	if (facts?.zombie) {
		return false;
	}
	// Another start time: the pid now belongs to a later process.
	return !(owner.processStart !== undefined && facts?.start !== undefined && facts.start !== owner.processStart);
}
