import * as vscode from 'vscode';
import { ThrottledDelayer } from '../../common/throttle';
import type { Gateway } from '../../schema/gateway';
import { readGraph } from '../readGraph';
import { WorkflowJobLogQuery } from './workflowsQueries';

/** URI scheme of job logs: `meta-gothic-job-log:/<repository>/<job> #<id>.log?repository=…&job=…`. */
export const JOB_LOG_SCHEME = 'meta-gothic-job-log';

/** Least time between two re-reads of an open log while its run changes. */
const REFRESH_MS = 2000;

/** The read-only document of a job's log; the path only names the editor tab. */
export function jobLogUri(repositoryPath: string, repositoryName: string, job: { id: string; name: string }): vscode.Uri {
	const name = `${job.name} #${job.id}`.replace(/[/\\]/g, '-');
	const query = new URLSearchParams({ repository: repositoryPath, job: job.id }).toString();
	return vscode.Uri.from({ scheme: JOB_LOG_SCHEME, path: `/${repositoryName}/${name}.log`, query });
}

/**
 * Job logs as read-only documents, read through the graph. A log GitHub no longer keeps (410)
 * says so in the document rather than failing; open logs are read again when runs change, so a
 * running job's log grows by itself.
 */
export class JobLogProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this._onDidChange.event;
	private readonly refresher = new ThrottledDelayer(REFRESH_MS, () => {
		for (const doc of vscode.workspace.textDocuments) {
			if (doc.uri.scheme === JOB_LOG_SCHEME) {
				this._onDidChange.fire(doc.uri);
			}
		}
	});

	constructor(private readonly gateway: Pick<Gateway, 'execute'>) {}

	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		const params = new URLSearchParams(uri.query);
		const repository = params.get('repository') ?? '';
		const jobId = params.get('job') ?? '';
		const result = await readGraph(this.gateway, WorkflowJobLogQuery, { repository, jobId });
		if (result.data?.workflowJobLog != null) {
			return result.data.workflowJobLog;
		}
		const errors = result.errors ?? [];
		if (errors.some((e) => e.extensions?.domain === 'GITHUB' && e.extensions.code === 'GONE')) {
			return `Logs expired.\n\nGitHub no longer keeps the log of job ${jobId}: logs are deleted after the repository's retention period (90 days by default).\n`;
		}
		return `The log of job ${jobId} could not be read.\n\n${errors.map((e) => e.message).join('\n') || 'The graph gave no reason.'}\n`;
	}

	/** Reads the open logs again soon (a run changed; its jobs' logs may have grown). */
	eventuallyRefreshOpen(): void {
		this.refresher.trigger();
	}

	dispose(): void {
		this.refresher.dispose();
		this._onDidChange.dispose();
	}
}
