import * as vscode from 'vscode';
import type { Event } from '../../common/event';
import { ThrottledDelayer } from '../../common/throttle';
import type { StreamEvent } from '../../claude/streamJson';
import { renderTranscript } from '../../claude/transcriptMarkdown';
import type { Gateway } from '../../schema/gateway';
import { readGraph } from '../readGraph';
import { AgentRunTranscriptQuery } from './agentRunsQueries';

/** URI scheme of run transcripts: `meta-gothic-run:/<repository> <id prefix>.md?<run id>`. */
export const TRANSCRIPT_SCHEME = 'meta-gothic-run';

/** Least time between two redraws of an open transcript while its run streams. */
const REFRESH_MS = 500;

/** The transcript document of a run; the path only names the editor tab. */
export function transcriptUri(runId: string, repositoryName: string): vscode.Uri {
	return vscode.Uri.from({ scheme: TRANSCRIPT_SCHEME, path: `/${repositoryName} ${runId.slice(0, 8)}.md`, query: runId });
}

function parseEvent(json: string): StreamEvent[] {
	try {
		const value = JSON.parse(json) as { type?: unknown };
		return typeof value?.type === 'string' ? [value as StreamEvent] : [];
	} catch {
		return [];
	}
}

/**
 * Read-only Markdown transcripts of agent runs, read through the graph. An open transcript of a
 * run still going is redrawn as its events arrive (throttled).
 */
export class TranscriptProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this._onDidChange.event;
	private readonly disposables: vscode.Disposable[] = [this._onDidChange];
	/** Runs whose open transcripts are due a redraw. */
	private readonly changed = new Set<string>();
	private readonly redraw = new ThrottledDelayer(REFRESH_MS, () => {
		const runs = new Set(this.changed);
		this.changed.clear();
		for (const doc of vscode.workspace.textDocuments) {
			if (doc.uri.scheme === TRANSCRIPT_SCHEME && runs.has(doc.uri.query)) {
				this._onDidChange.fire(doc.uri);
			}
		}
	});

	constructor(
		private readonly gateway: Pick<Gateway, 'execute'>,
		onDidChangeRun: Event<{ id: string }>,
		onDidReceiveEvent: Event<{ runId: string }>,
	) {
		const a = onDidChangeRun((run) => this.eventuallyRefresh(run.id));
		const b = onDidReceiveEvent((e) => this.eventuallyRefresh(e.runId));
		this.disposables.push({ dispose: () => a.dispose() }, { dispose: () => b.dispose() });
	}

	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		const result = await readGraph(this.gateway, AgentRunTranscriptQuery, { id: uri.query });
		const run = result.data?.agentRun;
		if (!run) {
			return `# Transcript unavailable\n\n${result.errors?.map((e) => e.message).join('\n') || `No agent run ${uri.query}: it may have been dropped from the history.`}\n`;
		}
		return renderTranscript(run, run.events.flatMap((e) => parseEvent(e.json)));
	}

	/** Redraws the open transcripts of `runId` soon; a burst of events costs one redraw. */
	private eventuallyRefresh(runId: string): void {
		if (!vscode.workspace.textDocuments.some((d) => d.uri.scheme === TRANSCRIPT_SCHEME && d.uri.query === runId)) {
			return;
		}
		this.changed.add(runId);
		this.redraw.trigger();
	}

	dispose(): void {
		this.redraw.dispose();
		this.changed.clear();
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}

/** Opens a run's transcript as a Markdown preview, or as a Markdown document where no preview exists. */
export async function openTranscript(runId: string, repositoryName: string): Promise<void> {
	const uri = transcriptUri(runId, repositoryName);
	try {
		await vscode.commands.executeCommand('markdown.showPreview', uri);
	} catch {
		// The built-in Markdown extension can be disabled; the source is readable too.
		const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'markdown');
		await vscode.window.showTextDocument(doc, { preview: true });
	}
}
