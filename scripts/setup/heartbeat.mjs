// Progress for a long synchronous step (npm ci, the code-server install): a small child process
// prints how long it has been running, and how much the target folder has grown, every 15 s,
// while the parent blocks on the step. npm itself says nothing for minutes when its output is
// not a terminal.
//
//   node scripts/setup/heartbeat.mjs LABEL DIR PARENT_PID     (started by startHeartbeat)
import { spawn } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EVERY_MS = 15_000;

/**
 * Starts printing "… LABEL: 1 min 15 s, 312 MB so far" every 15 s until the returned function is
 * called (or this process ends).
 * @param {string} label what is running, e.g. "installing code-server"
 * @param {string} [dir] folder whose size is reported
 * @returns {() => void} stops the heartbeat
 */
export function startHeartbeat(label, dir = '') {
	const child = spawn(process.execPath, [fileURLToPath(import.meta.url), label, dir, String(process.pid)], { stdio: ['ignore', 'inherit', 'inherit'] });
	return () => child.kill();
}

/** Bytes under `path`, not following symbolic links. */
export function sizeOf(path) {
	let stat;
	try {
		stat = lstatSync(path);
	} catch {
		return 0; // Removed while we looked.
	}
	if (!stat.isDirectory()) return stat.size;
	let entries;
	try {
		entries = readdirSync(path);
	} catch {
		return 0;
	}
	return entries.reduce((total, entry) => total + sizeOf(join(path, entry)), 0);
}

/** "45 s", "2 min 05 s". */
export function duration(ms) {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

function beat([label, dir, parentPid]) {
	const started = Date.now();
	let next = started + EVERY_MS;
	// Checked every second so that the heartbeat never outlives its parent by more than that.
	setInterval(() => {
		if (process.ppid !== Number(parentPid)) process.exit(0);
		if (Date.now() < next) return;
		next += EVERY_MS;
		const size = dir ? `, ${Math.round(sizeOf(dir) / 1e6)} MB so far` : '';
		console.log(`  … ${label}: ${duration(Date.now() - started)}${size}`);
	}, 1000);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) beat(process.argv.slice(2));
