/**
 * The latest lines of a log, kept in memory for the Diagnostics page: VS Code's output channel
 * cannot be read back, so the logger that feeds it also writes here.
 */
import { redact } from './redact';

/** How serious a log line is, least first. */
export type LogLevel = 'INFO' | 'WARNING' | 'ERROR';

const SEVERITY: Record<LogLevel, number> = { INFO: 0, WARNING: 1, ERROR: 2 };

/** One line of the log. */
export interface LogLine {
	/** When it was written (ISO 8601). */
	readonly at: string;
	readonly level: LogLevel;
	readonly message: string;
}

/** Lines kept by default: what the Diagnostics page shows. */
export const DEFAULT_LOG_LINES = 200;

/** The latest `capacity` lines, oldest first; each message redacted as it is written. */
export class LogLines {
	private readonly lines: LogLine[] = [];

	constructor(
		private readonly capacity = DEFAULT_LOG_LINES,
		private readonly now: () => number = Date.now,
	) {}

	/** Adds a line; the oldest goes once the capacity is reached. */
	write(level: LogLevel, message: string): void {
		// The log promises to hold nothing secret; redacting again costs little and keeps a slip out of the graph.
		this.lines.push({ at: new Date(this.now()).toISOString(), level, message: redact(message) });
		if (this.lines.length > this.capacity) {
			this.lines.splice(0, this.lines.length - this.capacity);
		}
	}

	/** The newest `last` lines at `level` or more serious, oldest first. */
	read(last: number = this.capacity, level: LogLevel = 'INFO'): LogLine[] {
		const count = Math.max(0, Math.floor(last));
		if (count === 0) {
			return [];
		}
		const matching = this.lines.filter((line) => SEVERITY[line.level] >= SEVERITY[level]);
		return matching.slice(-count);
	}
}
