/**
 * The prompt of a Fix with Claude run, from the user's template. Every value is redacted before
 * it is placed: a job log may echo a token, and the prompt goes to a model and into the run's
 * history.
 */
import { redact } from '../../common/redact';

/** One failed job and the step it stopped at. */
export interface FixFailure {
	jobId: string;
	job: string;
	/** The first failed step; null when the job failed outside a step (a runner lost, a timeout). */
	step: string | null;
	/** The end of the step's log, cleaned and capped. */
	logTail: string;
}

/** What a template's placeholders stand for. */
export interface FixPromptValues {
	repository: string;
	workflow: string;
	workflowPath: string | null;
	workflowFile: string | null;
	commit: string | null;
	branch: string | null;
	runUrl: string;
	round: number;
	failures: readonly FixFailure[];
}

/** The placeholders a template may use, in the order the settings page documents them. */
export const FIX_PROMPT_PLACEHOLDERS = ['repository', 'workflow', 'workflowPath', 'workflowFile', 'job', 'step', 'logTail', 'commit', 'branch', 'runUrl', 'round'] as const;

/** Longest workflow file quoted in a prompt. */
const MAX_WORKFLOW_FILE_BYTES = 16_384;

function fileText(text: string | null): string {
	if (text === null) {
		return '(not found in the repository)';
	}
	return Buffer.byteLength(text, 'utf8') > MAX_WORKFLOW_FILE_BYTES ? `${Buffer.from(text, 'utf8').subarray(0, MAX_WORKFLOW_FILE_BYTES).toString('utf8')}\n…` : text;
}

/**
 * Fills `template`. With several failed jobs, `{job}` and `{step}` name them all and `{logTail}`
 * holds each one's tail under a heading. An unknown `{name}` is left as written.
 */
export function renderFixPrompt(template: string, values: FixPromptValues): string {
	const failures = values.failures;
	const several = failures.length > 1;
	const logTail =
		failures.length === 0
			? '(no failed job log was available)'
			: failures.map((f) => (several ? `--- ${f.job} › ${f.step ?? '(no step)'} ---\n${f.logTail}` : f.logTail)).join('\n\n');
	const table: Record<(typeof FIX_PROMPT_PLACEHOLDERS)[number], string> = {
		repository: values.repository,
		workflow: values.workflow,
		workflowPath: values.workflowPath ?? '(unknown)',
		workflowFile: fileText(values.workflowFile),
		job: failures.map((f) => f.job).join(', ') || '(unknown)',
		step: failures.map((f) => f.step ?? '(no step)').join(', ') || '(unknown)',
		logTail,
		commit: values.commit ?? '(unknown)',
		branch: values.branch ?? '(detached)',
		runUrl: values.runUrl,
		round: String(values.round),
	};
	// One pass, so a value that itself contains `{job}` (a log line) is never expanded again.
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in table ? redact(table[name as keyof typeof table]) : whole));
}
