/**
 * What the host tells the graph about its own work, for the Diagnostics page: the git processes
 * it spawned, the agent processes alive, the latest log lines. Each figure belongs to the
 * instance that did the work (one git runner, one run queue), never to the whole process.
 * The GitHub budget is the workflows domain's own (`githubStatus`); the graph's own figures are
 * the gateway's.
 */

/** The git processes of one runner. */
export interface GitProcessesRecord {
	/** Started since the runner was made. */
	spawned: number;
	/** Alive now. */
	running: number;
	/** Median and 99th percentile duration of the latest finished ones, in ms; null before one finished. */
	p50Ms: number | null;
	p99Ms: number | null;
}

/** How serious a log line is, least first. */
export type LogLevelCode = 'INFO' | 'WARNING' | 'ERROR';

/** One line of the host's log. */
export interface LogLineRecord {
	/** ISO 8601. */
	at: string;
	level: LogLevelCode;
	/** Free of credentials. */
	message: string;
}

/** What the diagnostics subschema reads from the host. */
export interface DiagnosticsSource {
	/** The git runner's processes. */
	gitProcesses(): GitProcessesRecord;
	/** Claude CLI processes alive; null when the agent runs come from a source that does not say. */
	agentProcessesAlive(): number | null;
	/** The newest `last` log lines at `level` or more serious, oldest first; absent when the host keeps no log. */
	logLines?(last: number, level: LogLevelCode): readonly LogLineRecord[];
}
