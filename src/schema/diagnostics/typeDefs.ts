/** The SDL of the diagnostics subschema. */
export const diagnosticsTypeDefs = /* GraphQL */ `
	"How serious a log line is, least first."
	enum LogLevel {
		INFO
		WARNING
		ERROR
	}

	"""One line of the extension's log (credentials removed)."""
	type LogLine {
		"When it was written (ISO 8601)."
		at: String!
		level: LogLevel!
		message: String!
	}

	"""The git processes the extension spawned."""
	type GitProcessDiagnostics {
		"Processes started since activation (the git a process starts itself, for hooks, is not counted)."
		processesSpawned: Int!
		"Processes alive now."
		processesRunning: Int!
		"Median duration of the latest 1,000 processes, in ms; null before the first ended."
		p50Ms: Float
		"99th percentile duration of the latest 1,000 processes, in ms; null before the first ended."
		p99Ms: Float
	}

	"""The graph's own work: every view, the dashboard, the CLI and other extensions read through it."""
	type GraphDiagnostics {
		"Queries and mutations run since the graph was made."
		operations: Int!
		"Queries and mutations run in the last 60 seconds."
		operationsPerMinute: Int!
		"Median duration of the latest 1,000 queries and mutations, in ms; null before the first."
		p50Ms: Float
		"99th percentile duration of the latest 1,000 queries and mutations, in ms; null before the first."
		p99Ms: Float
		"Subscriptions started and not yet ended (each view or page that follows changes holds one or more)."
		liveSubscriptions: Int!
	}

	"""The Claude CLI processes of agent runs."""
	type AgentProcessDiagnostics {
		"Processes alive now, each with the tools it started; null when the runs come from a source that does not say."
		processesAlive: Int
	}

	"""
	How the extension itself is doing, for the Diagnostics page. GitHub's rate-limit budget and
	the poller's interval are on githubStatus (rateLimits, pollIntervalSeconds).
	"""
	type Diagnostics {
		"Null when the graph runs over repositories it did not read with git itself."
		git: GitProcessDiagnostics
		graph: GraphDiagnostics!
		agents: AgentProcessDiagnostics!
		"False when the host keeps no log the graph can read (the CLI and the Node API log nothing)."
		logAvailable: Boolean!
		"The newest log lines at level or more serious, oldest first; at most 200 are kept."
		logLines(last: Int = 200, level: LogLevel = INFO): [LogLine!]!
	}

	type Query {
		"Figures of the extension's own work; reading them starts no process."
		diagnostics: Diagnostics!
	}
`;
