/**
 * The part of a job log a fix needs: the end of the failing step's output, without colours or
 * timestamps, capped in lines and bytes so a 50 MB log never becomes a 50 MB prompt.
 */

// CSI sequences (colours, cursor moves), OSC sequences (titles, links) and lone escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
/** GitHub prefixes every line of a job log with an ISO timestamp. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;
const GROUP = /^##\[group\](.*)$/;

/** Removes ANSI escape sequences (and the carriage returns of progress bars). */
export function stripAnsi(text: string): string {
	return text.replace(ANSI, '').replace(/\r(?!\n)/g, '\n').replace(/\r\n/g, '\n');
}

/** Limits of {@link failingStepTail}. */
export interface LogTailLimits {
	maxLines: number;
	maxBytes: number;
}

/** The lines of a log, cleaned: no ANSI, no timestamps. */
export function logLines(log: string): string[] {
	return stripAnsi(log)
		.split('\n')
		.map((line) => line.replace(TIMESTAMP, ''));
}

/**
 * The failing step's part of `log` (its `##[group]Run <step>` section, when the log has one;
 * otherwise everything up to the last `##[error]` line), its last `maxLines` lines, at most
 * `maxBytes` bytes (whole lines, the newest kept). Group markers are left out.
 */
export function failingStepTail(log: string, stepName: string | null, limits: LogTailLimits): string {
	const lines = logLines(log);
	let section = lines;
	if (stepName) {
		const starts = lines.flatMap((line, i) => {
			const group = GROUP.exec(line);
			return group && group[1].replace(/^Run /, '').trim() === stepName.trim() ? [i] : [];
		});
		if (starts.length > 0) {
			const start = starts[starts.length - 1];
			const next = lines.findIndex((line, i) => i > start && line.startsWith('##[group]Run '));
			section = lines.slice(start, next === -1 ? lines.length : next);
		}
	}
	const lastError = section.map((line) => line.startsWith('##[error]')).lastIndexOf(true);
	if (section === lines && lastError >= 0) {
		section = section.slice(0, lastError + 1);
	}
	const kept = section.filter((line) => !/^##\[(?:group|endgroup)\]/.test(line) && line.trim() !== '');
	return capTail(kept.slice(-Math.max(0, limits.maxLines)), limits.maxBytes);
}

/** The newest whole lines that fit in `maxBytes` (a single longer line is cut from its start). */
function capTail(lines: readonly string[], maxBytes: number): string {
	const out: string[] = [];
	let bytes = 0;
	for (let i = lines.length - 1; i >= 0; i--) {
		const size = Buffer.byteLength(lines[i], 'utf8') + 1;
		if (bytes + size > maxBytes) {
			if (out.length === 0) {
				out.unshift(Buffer.from(lines[i], 'utf8').subarray(-Math.max(0, maxBytes - 1)).toString('utf8'));
			}
			break;
		}
		out.unshift(lines[i]);
		bytes += size;
	}
	return out.join('\n');
}
