// The process table, read from /proc (Linux): who runs, who started whom, and what environment
// each process was given. The demo smoke check uses it to prove Ctrl-C leaves nothing behind.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * @typedef {object} ProcessInfo
 * @property {number} pid
 * @property {number} ppid
 * @property {string} state R, S, D, Z (exited, not yet reaped by its parent)…
 * @property {string} startTime clock ticks after boot; with the pid it names one process, even once the pid is reused
 * @property {string} cmdline its argv, joined by spaces
 */

function read(pid, file) {
	try {
		return readFileSync(`/proc/${pid}/${file}`, 'utf8');
	} catch {
		return undefined; // Gone, or not ours to read.
	}
}

/** @returns {Map<number, ProcessInfo>} every process now, by pid (zombies included: see `state`) */
export function processTable() {
	const table = new Map();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const stat = read(name, 'stat');
		if (stat === undefined) continue;
		// "pid (comm) state ppid … starttime …": comm may hold spaces and parentheses.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const pid = Number(name);
		table.set(pid, { pid, ppid: Number(fields[1]), state: fields[0], startTime: fields[19], cmdline: (read(name, 'cmdline') ?? '').split('\0').join(' ').trim() });
	}
	return table;
}

/**
 * The processes whose environment has `name=value`.
 * @param {string} name
 * @param {string} value
 * @param {Map<number, ProcessInfo>} [table]
 * @returns {Map<number, ProcessInfo>}
 */
export function processesWithEnv(name, value, table = processTable()) {
	const wanted = `${name}=${value}`;
	const found = new Map();
	for (const info of table.values()) {
		if (read(info.pid, 'environ')?.split('\0').includes(wanted)) found.set(info.pid, info);
	}
	return found;
}
