import * as vscode from 'vscode';
import type { Event } from '../../common/event';
import type { OperationEvent } from '../../git/operations';
import type { Gateway } from '../../schema/gateway';
import { log } from '../log';

/** One repository's outcome, as the repos mutations return it. */
export interface BatchRow {
	status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
	error: { code: string; message: string } | null;
	repository: { name: string; path: string };
}

/** What a batch command needs to run a mutation with progress. */
export interface BatchRunner {
	gateway: Gateway;
	onDidRunOperation: Event<OperationEvent>;
}

/**
 * Runs one batch mutation with a cancellable notification that counts repositories as git
 * finishes them, then shows a per-repository summary. Cancelling aborts the mutation's signal:
 * repositories not yet started are left alone.
 */
export async function runBatch(
	runner: BatchRunner,
	title: string,
	total: number,
	query: string,
	variables: Record<string, unknown>,
	field: string,
): Promise<BatchRow[] | undefined> {
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
		const controller = new AbortController();
		const cancel = token.onCancellationRequested(() => controller.abort());
		let done = 0;
		const listener = runner.onDidRunOperation((e) => {
			if (e.phase === 'end') {
				done++;
				progress.report({ increment: 100 / Math.max(1, total), message: `${Math.min(done, total)}/${total}` });
			}
		});
		try {
			const result = await runner.gateway.execute({ query, variables }, { signal: controller.signal });
			if (result.errors?.length) {
				throw new Error(result.errors.map((e) => e.message).join('; '));
			}
			const rows = (result.data as Record<string, BatchRow[]>)[field];
			await summarise(title, rows, token.isCancellationRequested);
			return rows;
		} finally {
			listener.dispose();
			cancel.dispose();
		}
	});
}

async function summarise(title: string, rows: readonly BatchRow[], cancelled: boolean): Promise<void> {
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
		parts.push(`${failed.length} failed (${failed.map((r) => r.repository.name).join(', ')})`);
	}
	if (skipped.length) {
		parts.push(`${skipped.length} not attempted${cancelled ? ' (cancelled)' : ''}`);
	}
	const message = `${title}: ${parts.join(', ')}.`;
	if (failed.length === 0) {
		void vscode.window.showInformationMessage(message);
		return;
	}
	const detail = failed.length === 1 ? failed[0].error?.message : undefined;
	const choice = await vscode.window.showWarningMessage(message, { detail, modal: false }, 'Show Details');
	if (choice === 'Show Details') {
		log.show();
	}
}
