/**
 * The flows contract: what the flows that cross the domains (Fix with Claude, Ship everything)
 * need beyond the three domain sources. The git adapter implements {@link FlowGit}; the host
 * (extension, Node API) supplies {@link FlowSettings}.
 */

/** The user's settings of the flows, read on every flow so a change applies at once. */
export interface FlowSettings {
	/**
	 * The prompt of a Fix with Claude run. Placeholders: `{repository}`, `{workflow}`,
	 * `{workflowPath}`, `{workflowFile}`, `{job}`, `{step}`, `{logTail}`, `{commit}`, `{branch}`,
	 * `{runUrl}`, `{round}`.
	 */
	fixPrompt: string;
	/** Most Fix with Claude rounds on one failure and the runs its fixes trigger. */
	maxRounds: number;
	/** Most lines of each failing step's log that go into the prompt. */
	logTailLines: number;
	/** Most bytes (UTF-8) of each failing step's log tail. */
	logTailBytes: number;
	/**
	 * Whether a fix's agent edits files in its checkout without asking (`--permission-mode
	 * acceptEdits`): every edit is reviewed in the diff before anything is committed. Other tools
	 * still ask. False: the run follows the agent runs' own permission mode.
	 */
	fixAcceptsEdits: boolean;
}

/** The default prompt of a Fix with Claude run. */
export const DEFAULT_FIX_PROMPT = [
	'The GitHub Actions workflow "{workflow}" failed in the repository {repository} at commit {commit} (branch {branch}, run {runUrl}).',
	'The failed job "{job}" stopped at the step "{step}". The end of its log:',
	'',
	'{logTail}',
	'',
	'The workflow file {workflowPath}:',
	'',
	'{workflowFile}',
	'',
	'Find the cause in this working tree and fix it with the smallest change that makes the workflow pass. Edit the files only: do not commit, push or create branches.',
].join('\n');

/** Settings when the host gives none. */
export const DEFAULT_FLOW_SETTINGS: FlowSettings = { fixPrompt: DEFAULT_FIX_PROMPT, maxRounds: 3, logTailLines: 80, logTailBytes: 8192, fixAcceptsEdits: true };

/**
 * The git reads and writes the flows need that the repos operations do not offer. Fails only with
 * a `SourceError` of domain `REPOS`.
 */
export interface FlowGit {
	/** The text of `filePath` (repository-relative) at `ref`; null when it does not exist there. */
	show(repositoryPath: string, filePath: string, ref: string, signal?: AbortSignal): Promise<string | null>;
	/**
	 * Puts `paths` (repository-relative) back as they are in HEAD: modified and deleted files are
	 * restored, files HEAD does not have are removed. Paths outside the list are not touched.
	 */
	restore(repositoryPath: string, paths: readonly string[], signal?: AbortSignal): Promise<void>;
}

/** What the flows subschema is given besides the domain sources. */
export interface FlowsOptions {
	git?: FlowGit;
	/** Asked on every flow; the defaults when absent. */
	settings?: () => FlowSettings;
}
