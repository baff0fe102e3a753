/**
 * Counts git processes from git's trace2 event stream (`trace2.eventTarget`): every git process,
 * whoever spawned it and however (directly or through a helper process), writes a `start` event
 * under its own session id, and a `def_repo` event naming the worktree it runs in.
 */
import * as path from 'node:path';

/** What {@link countGitProcesses} found. */
export interface GitProcessCount {
	/** Processes whose worktree lies inside the workspace. */
	inWorkspace: number;
	/** Every process, including those of other extensions outside the workspace. */
	all: number;
	/** e.g. "1× status in repo-004", for the log. */
	summary: string;
	/** Epoch ms at which the first process in the workspace started (NaN when none did). */
	firstStart: number;
}

interface TraceEvent {
	event?: string;
	sid?: string;
	argv?: string[];
	worktree?: string;
	/** Wall-clock time (UTC, microseconds) on `version` and `atexit` events. */
	time?: string;
}

/** Counts the processes in a slice of a trace2 event file (JSON lines; a torn last line is skipped). */
export function countGitProcesses(jsonLines: string, workspace: string): GitProcessCount {
	const started = new Map<string, string[]>();
	const worktrees = new Map<string, string>();
	const startTimes = new Map<string, number>();
	for (const line of jsonLines.split('\n')) {
		let e: TraceEvent;
		try {
			e = JSON.parse(line) as TraceEvent;
		} catch {
			continue;
		}
		if (!e.sid) {
			continue;
		}
		if (e.event === 'version' && e.time) {
			startTimes.set(e.sid, Date.parse(e.time));
		} else if (e.event === 'start') {
			started.set(e.sid, e.argv ?? []);
		} else if (e.event === 'def_repo' && e.worktree) {
			worktrees.set(e.sid, e.worktree);
		}
	}
	const inside = (dir: string | undefined) => dir !== undefined && (dir === workspace || dir.startsWith(`${workspace}${path.sep}`));
	const ours = [...started.keys()].filter((sid) => inside(worktrees.get(sid)));
	const tally = new Map<string, number>();
	for (const sid of ours) {
		const argv = started.get(sid) ?? [];
		// Skip global options (-C dir, -c key=value, --no-pager…) to name the subcommand.
		let i = 1;
		while (i < argv.length && argv[i].startsWith('-')) {
			i += argv[i] === '-C' || argv[i] === '-c' ? 2 : 1;
		}
		const key = `${argv[i] ?? '?'} in ${path.basename(worktrees.get(sid) ?? '?')}`;
		tally.set(key, (tally.get(key) ?? 0) + 1);
	}
	const summary = [...tally].map(([key, n]) => `${n}× ${key}`).join(', ') || 'none';
	const firstStart = Math.min(...ours.map((sid) => startTimes.get(sid) ?? NaN));
	return {
		inWorkspace: ours.length,
		all: started.size,
		summary: started.size > ours.length ? `${summary} (+${started.size - ours.length} outside)` : summary,
		firstStart: ours.length ? firstStart : NaN,
	};
}
