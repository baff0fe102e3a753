/**
 * Ship Everything: the dirty repositories of the current group (picked, all to start with) get
 * commit messages from Claude in parallel; the user reviews and edits each one as Generate Commit
 * Messages shows them; then the graph commits them submodules first and pushes them all
 * (shipRepositories). The Workflows view's "Last ship" follows the runs the pushes triggered.
 * Nothing is committed before the review; cancelling before then changes nothing.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Gateway } from '../../schema/gateway';
import { CodedError, queryGraph } from '../errors/codedError';
import { showMessage } from '../errors/notify';
import type { LastShip } from '../flows/lastShip';
import { ShipQuery, ShipRepositoriesMutation, type ViewShip, unfollowedCi } from '../flows/shipQueries';
import { summarizeShip } from '../flows/shipSummary';
import { log } from '../log';
import { readGraph } from '../readGraph';
import { assertClaudeAvailable, reviewCommitMessage, writeCommitSuggestions, writtenSuggestions } from './commitMessageReview';
import { createCommand } from './createCommand';
import { chooseRepositories, inGroup, isDirty, pathOf } from './repositoryPicks';

/** The id of the command. */
export const SHIP_EVERYTHING = 'metaGothic.repos.shipEverything';

/** What the command works with. */
export interface ShipEverythingTargets {
	readonly gateway: Pick<Gateway, 'execute'>;
	/** The repository group the pick list is narrowed to, if any. */
	readonly group: () => string | undefined;
	/** Where the summary is followed. */
	readonly lastShip: LastShip;
}

/** Paths the caller chose already (the dashboard's selection, as string arguments, or a repository node). */
function preselected(args: readonly unknown[]): string[] {
	return args.flatMap((a) => (typeof a === 'string' ? [a] : (pathOf(a) ?? [])));
}

/** Commits and pushes under a cancellable notification; undefined when cancelled before the graph answered. */
function ship(targets: ShipEverythingTargets, commits: ReadonlyArray<{ repository: string; message: string }>): Thenable<ViewShip | undefined> {
	const title = `Shipping ${commits.length === 1 ? path.basename(commits[0].repository) : `${commits.length} repositories`}`;
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
		progress.report({ message: 'committing (submodules first), then pushing…' });
		const controller = new AbortController();
		const cancel = token.onCancellationRequested(() => controller.abort());
		try {
			return (await queryGraph(targets.gateway, ShipRepositoriesMutation, { commits: [...commits] }, { signal: controller.signal })).shipRepositories;
		} catch (err) {
			if (controller.signal.aborted && err instanceof CodedError && err.code === 'CANCELLED') {
				return undefined;
			}
			throw err;
		} finally {
			cancel.dispose();
		}
	});
}

async function shipEverything(targets: ShipEverythingTargets, args: readonly unknown[]): Promise<ViewShip | undefined> {
	const { gateway } = targets;
	await assertClaudeAvailable(gateway);
	const group = targets.group();
	const repos = await chooseRepositories(undefined, {
		gateway,
		group,
		accept: isDirty,
		title: 'Ship Everything',
		placeHolder: 'Repositories to commit with messages from Claude, push, and follow CI for',
		pickAll: true,
		preselect: preselected(args),
	});
	if (!repos) {
		return undefined;
	}
	if (repos.length === 0) {
		void showMessage('info', `Nothing to ship: every repository${inGroup(group)} is clean.`);
		return undefined;
	}
	const suggestions = await writeCommitSuggestions(gateway, repos);
	if (!suggestions) {
		void showMessage('info', 'Cancelled: nothing was committed or pushed.');
		return undefined;
	}
	const { ready, problems } = writtenSuggestions(suggestions);
	problems.forEach((p) => log.warn(`Ship: ${p}`));
	// The review is the user's go: every message is shown and edited before anything is committed.
	const commits: Array<{ repository: string; message: string }> = [];
	for (const [i, suggestion] of ready.entries()) {
		const message = await reviewCommitMessage(suggestion, i + 1, ready.length, { verb: 'Ship', allChanges: true });
		if (message !== undefined) {
			commits.push({ repository: suggestion.repository.path, message });
		}
	}
	if (commits.length === 0) {
		void showMessage(problems.length ? 'warning' : 'info', `Nothing shipped: ${problems.length ? `no message for ${problems.join('; ')}` : 'every repository was skipped'}.`);
		return undefined;
	}
	const shipped = await ship(targets, commits);
	if (!shipped) {
		void showMessage('info', 'Cancelled before the graph answered: see the Repositories view for what was committed.');
		return undefined;
	}
	targets.lastShip.set(shipped.id);
	await vscode.commands.executeCommand('metaGothic.workflows.focus');
	// Read again for which repositories CI can be followed (a partial answer while GitHub is away).
	const summary = summarizeShip(shipped.rows, unfollowedCi((await readGraph(gateway, ShipQuery, { id: shipped.id })).data));
	const skipped = ready.length - commits.length + problems.length;
	const text = `Ship: ${summary.text}${skipped ? ` (${skipped} not shipped)` : ''}. The Workflows view follows CI.`;
	for (const row of shipped.rows) {
		const error = row.commit.error ?? row.push.error;
		if (error) {
			log.warn(`Ship: ${row.repository.name}: ${error.code}: ${error.message}`);
		}
	}
	void showMessage(summary.failed > 0 ? 'warning' : 'info', text);
	return shipped;
}

/** Registers `metaGothic.repos.shipEverything`; it resolves with the ship as the graph answered it (for callers and tests). */
export function registerShipEverything(targets: ShipEverythingTargets): vscode.Disposable {
	return createCommand(SHIP_EVERYTHING, (...args: unknown[]) => shipEverything(targets, args));
}
