import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';
import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { CodedError, queryGraph } from '../errors/codedError';
import { fixesFor } from '../errors/fixes';
import { showFailure, showMessage } from '../errors/notify';
import { log } from '../log';
import { type OperationRow, RepositoryOperationSubscription } from './repositoryQueries';

/** What a batch command needs: the graph, for the mutation and for its progress. */
export type BatchGateway = Pick<Gateway, 'execute' | 'subscribe'>;

/**
 * Counts the repositories of `paths` whose write ended, from the graph's `repositoryOperation`
 * subscription, until disposed.
 */
async function followProgress(gateway: BatchGateway, paths: ReadonlySet<string>, onEnd: () => void): Promise<{ dispose(): void }> {
	const subscription = await gateway.subscribe({ query: print(RepositoryOperationSubscription) });
	if (!(Symbol.asyncIterator in subscription)) {
		// Progress is a nicety: a graph that cannot report it still runs the batch.
		return { dispose: () => undefined };
	}
	const pump = async () => {
		for await (const result of subscription) {
			const event = (result.data as { repositoryOperation?: { phase: string; repository: { path: string } } } | undefined)?.repositoryOperation;
			if (event?.phase === 'end' && paths.has(event.repository.path)) {
				onEnd();
			}
		}
	};
	pump().catch((err: unknown) => log.warn(`Batch progress stopped: ${err instanceof Error ? err.message : String(err)}`));
	return { dispose: () => void subscription.return?.() };
}

/**
 * Runs one batch mutation with a cancellable notification that counts repositories as git
 * finishes them, then shows a per-repository summary whose buttons fix the failures (chosen by
 * their codes). Cancelling aborts the mutation's signal: repositories not yet started are left alone.
 */
export async function runBatch<TVariables>(
	gateway: BatchGateway,
	title: string,
	paths: readonly string[],
	mutation: TadaDocumentNode<{ rows: OperationRow[] }, TVariables>,
	variables: TVariables,
): Promise<OperationRow[] | undefined> {
	const total = paths.length;
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
		const controller = new AbortController();
		const cancel = token.onCancellationRequested(() => controller.abort());
		let done = 0;
		const progressFeed = await followProgress(gateway, new Set(paths), () => {
			done++;
			progress.report({ increment: 100 / Math.max(1, total), message: `${Math.min(done, total)}/${total}` });
		});
		try {
			const { rows } = await queryGraph(gateway, mutation, variables, { signal: controller.signal });
			void summarise(title, rows, token.isCancellationRequested, () => runBatch(gateway, title, paths, mutation, variables));
			return rows;
		} finally {
			progressFeed.dispose();
			cancel.dispose();
		}
	});
}

/** The failure of one repository as an error the notification helper can offer fixes for. */
function failureOf(row: OperationRow): CodedError {
	return new CodedError(`${row.repository.name}: ${row.error?.message ?? 'failed'}`, 'REPOS', row.error?.code ?? 'GIT_FAILED', row.error?.retryable ?? false, row.repository.path);
}

async function summarise(title: string, rows: readonly OperationRow[], cancelled: boolean, retry: () => unknown): Promise<void> {
	const failed = rows.filter((r) => r.status === 'FAILED');
	const skipped = rows.filter((r) => r.status === 'SKIPPED');
	const succeeded = rows.length - failed.length - skipped.length;
	for (const row of rows) {
		const line = `${title}: ${row.repository.name}: ${row.status.toLowerCase()}${row.error ? ` — ${row.error.code}: ${row.error.message}` : ''}`;
		if (row.status === 'FAILED') {
			log.error(line);
		} else {
			log.info(line);
		}
	}
	const parts = [`${succeeded} of ${rows.length} succeeded`];
	if (failed.length) {
		parts.push(`${failed.length} failed (${failed.map((r) => `${r.repository.name}: ${r.error?.code ?? 'GIT_FAILED'}`).join(', ')})`);
	}
	if (skipped.length) {
		parts.push(`${skipped.length} not attempted${cancelled ? ' (cancelled)' : ''}`);
	}
	const message = `${title}: ${parts.join(', ')}.`;
	if (failed.length === 0) {
		void showMessage('info', message);
		return;
	}
	if (failed.length === 1) {
		// One failure: the summary, with that failure's own fixes, aimed at its repository ("Pull", "Publish Branch"…).
		await showFailure(failureOf(failed[0]), { text: message, retry, severity: 'warning' });
		return;
	}
	// Several: the fixes of the most common code, for all of them at once, and the details in the log.
	const counts = new Map<string, number>();
	for (const row of failed) {
		counts.set(row.error?.code ?? 'GIT_FAILED', (counts.get(row.error?.code ?? 'GIT_FAILED') ?? 0) + 1);
	}
	const [common] = [...counts].sort((a, b) => b[1] - a[1])[0];
	const fixes = fixesFor('REPOS', common);
	const choice = await showMessage('warning', `Meta GOTHIC: ${message}`, ...fixes.map((f) => f.title), 'Show Details');
	const fix = fixes.find((f) => f.title === choice);
	if (fix) {
		await vscode.commands.executeCommand(fix.command, ...(fix.args ?? []));
	} else if (choice === 'Show Details') {
		log.show();
	}
}
