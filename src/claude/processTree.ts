/**
 * Process-tree helpers for ending a CLI run completely. Killing the CLI's process group is not
 * enough: its Bash tool starts each command in a new session (own process group), so a
 * `sleep 600` in a tool would outlive a cancelled run. We snapshot the descendants while the CLI
 * is still their parent, then signal every group we saw.
 */
import { execFile, execFileSync } from 'node:child_process';

/** One row of the process table. */
export interface ProcessRow {
	readonly pid: number;
	readonly ppid: number;
	readonly pgid: number;
	/** A zombie has exited and only waits to be reaped; it counts as gone. */
	readonly zombie: boolean;
}

/** Parses `ps -A -o pid=,ppid=,pgid=,stat=` output. */
export function parsePsOutput(text: string): ProcessRow[] {
	const rows: ProcessRow[] = [];
	for (const line of text.split('\n')) {
		const [pid, ppid, pgid, stat = ''] = line.trim().split(/\s+/);
		const row = { pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), zombie: stat.startsWith('Z') };
		if (Number.isInteger(row.pid) && Number.isInteger(row.ppid) && Number.isInteger(row.pgid) && line.trim()) {
			rows.push(row);
		}
	}
	return rows;
}

/** Every process below `root` in `rows`, breadth first. */
export function descendantsOf(root: number, rows: readonly ProcessRow[]): ProcessRow[] {
	const children = new Map<number, ProcessRow[]>();
	for (const row of rows) {
		const list = children.get(row.ppid) ?? [];
		list.push(row);
		children.set(row.ppid, list);
	}
	const out: ProcessRow[] = [];
	const queue = [root];
	const seen = new Set<number>([root]);
	while (queue.length) {
		for (const child of children.get(queue.shift() as number) ?? []) {
			if (!seen.has(child.pid)) {
				seen.add(child.pid);
				out.push(child);
				queue.push(child.pid);
			}
		}
	}
	return out;
}

/** Reads the process table; an empty list where `ps` is unavailable (then only the group is signalled). */
export function readProcessTable(): Promise<ProcessRow[]> {
	if (process.platform === 'win32') {
		return Promise.resolve([]);
	}
	return new Promise((resolve) => {
		execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { timeout: 5000, maxBuffer: 8 * 1024 * 1024 }, (err, stdout) => {
			resolve(err ? [] : parsePsOutput(stdout));
		});
	});
}

/**
 * The process table, read synchronously: for the host's `exit` event, where nothing
 * asynchronous runs any more. Empty where `ps` is unavailable.
 */
export function readProcessTableSync(): ProcessRow[] {
	if (process.platform === 'win32') {
		return [];
	}
	try {
		return parsePsOutput(execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8', timeout: 5000, maxBuffer: 8 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }));
	} catch {
		return [];
	}
}

/**
 * The groups that make up the run below `pid`: its own and every group its descendants in
 * `rows` started, except ours (signalling that would stop the host itself).
 */
export function runGroups(pid: number, rows: readonly ProcessRow[]): Set<number> {
	const groups = new Set<number>([pid]);
	const own = rows.find((r) => r.pid === process.pid)?.pgid;
	for (const d of descendantsOf(pid, rows)) {
		if (d.pgid > 1 && d.pgid !== own) {
			groups.add(d.pgid);
		}
	}
	return groups;
}

/** Signals a process group, ignoring one that is already gone. Returns whether it existed. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

/**
 * The groups of `pgids` that still have a live (non-zombie) member. Asks `ps` only when a signal
 * probe says some group exists, because an init that does not reap leaves zombies behind.
 */
export async function liveGroups(pgids: Iterable<number>): Promise<number[]> {
	const probed = [...pgids].filter((g) => signalGroup(g, 0));
	if (probed.length === 0) {
		return [];
	}
	const rows = await readProcessTable();
	if (rows.length === 0) {
		return probed;
	}
	return probed.filter((g) => rows.some((r) => r.pgid === g && !r.zombie));
}
