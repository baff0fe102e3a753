// Samples the memory of this process and everything it started (code-server, the extension host,
// Chromium and its renderers), to report the peak a test tier needs.
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of every process, from /proc. */
function processTable() {
	const parents = new Map();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(entry), Number(fields[1]));
		} catch {
			// The process ended while we looked.
		}
	}
	return parents;
}

/**
 * Proportional set size: shared pages are split between the processes sharing them, so the sum
 * over Chromium's many processes does not count its shared libraries many times over.
 */
function pssKb(pid) {
	try {
		const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}

function treePssKb(root) {
	const children = new Map();
	for (const [pid, ppid] of processTable()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
	let total = 0;
	const stack = [root];
	while (stack.length > 0) {
		const pid = stack.pop();
		total += pssKb(pid);
		stack.push(...(children.get(pid) ?? []));
	}
	return total;
}

/**
 * Starts sampling once a second (Linux only; elsewhere the peak stays 0).
 * @returns {{ stop: () => number }} `stop()` ends sampling and returns the peak in MB.
 */
export function sampleMemory() {
	let peakKb = 0;
	const sample = () => {
		try {
			peakKb = Math.max(peakKb, treePssKb(process.pid));
		} catch {
			// No /proc: the figure is only informative.
		}
	};
	sample();
	const timer = setInterval(sample, 1000);
	timer.unref();
	return {
		stop() {
			clearInterval(timer);
			sample();
			return Math.round(peakKb / 1024);
		},
	};
}
