/**
 * Answers to the permission requests of running agents: Allow Once, Always for This Run and
 * Deny, from a request's row in the Agent Runs view or from the notification each new request
 * shows. The run resumes as soon as the answer is in.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Event } from '../../common/event';
import type { PermissionDecisionValue, PermissionRequestRecord } from '../../schema/contracts/agentRuns';
import type { Gateway } from '../../schema/gateway';
import { AnswerPermissionRequestMutation } from '../agentRuns/agentRunsQueries';
import { CodedError, queryGraph } from '../errors/codedError';
import { showMessage } from '../errors/notify';
import { permissionRequestText, PermissionRequestNode } from '../views/agentRuns/permissionRequestNode';
import { createCommand } from './createCommand';

/** The three answers: command id and button label, in the order they are offered. */
export const PERMISSION_ANSWERS: readonly { readonly decision: PermissionDecisionValue; readonly command: string; readonly label: string }[] = [
	{ decision: 'ALLOW_ONCE', command: 'metaGothic.permissionRequest.allowOnce', label: 'Allow Once' },
	{ decision: 'ALLOW_RUN', command: 'metaGothic.permissionRequest.allowForRun', label: 'Always for This Run' },
	{ decision: 'DENY', command: 'metaGothic.permissionRequest.deny', label: 'Deny' },
];

function requestIdOf(target: unknown): string {
	if (target instanceof PermissionRequestNode) {
		return target.request.id;
	}
	if (typeof target === 'string' && target) {
		return target;
	}
	throw new Error('Choose a permission request in the Agent Runs view.');
}

async function answer(gateway: Pick<Gateway, 'execute'>, target: unknown, decision: PermissionDecisionValue): Promise<void> {
	try {
		await queryGraph(gateway, AnswerPermissionRequestMutation, { id: requestIdOf(target), decision });
	} catch (err) {
		// Answered elsewhere, timed out or its run ended: nothing is waiting, so say so quietly.
		if (err instanceof CodedError && err.code === 'NOT_FOUND') {
			void showMessage('info', 'That permission request is no longer waiting: it was answered, timed out (denied) or its run ended.');
			return;
		}
		throw err;
	}
}

/** Registers the three answer commands. */
export function registerPermissionCommands(gateway: Pick<Gateway, 'execute'>): vscode.Disposable[] {
	return PERMISSION_ANSWERS.map((a) => createCommand(a.command, (target?: unknown) => answer(gateway, target, a.decision)));
}

/**
 * Shows a notification for each new permission request, with the three answers as buttons.
 * A request answered in the view first leaves its notification without effect (the answer
 * command says the request is no longer waiting).
 */
export function notifyPermissionRequests(onDidChangeRequests: Event<readonly PermissionRequestRecord[]>): vscode.Disposable {
	const seen = new Set<string>();
	const subscription = onDidChangeRequests((requests) => {
		for (const r of requests) {
			if (seen.has(r.id)) {
				continue;
			}
			seen.add(r.id);
			const text = permissionRequestText({ tool: r.tool, inputSummary: r.inputSummary, repository: { path: r.repositoryPath } });
			void showMessage('warning', `${text} — the agent in ${path.basename(r.repositoryPath)} asks for a tool it was not allowed.`, ...PERMISSION_ANSWERS.map((a) => a.label)).then((label) => {
				const chosen = PERMISSION_ANSWERS.find((a) => a.label === label);
				if (chosen) {
					void vscode.commands.executeCommand(chosen.command, r.id);
				}
			});
		}
		// Forget settled ids, so the set does not grow with every request ever made.
		const pending = new Set(requests.map((r) => r.id));
		for (const id of seen) {
			if (!pending.has(id)) {
				seen.delete(id);
			}
		}
	});
	return new vscode.Disposable(() => subscription.dispose());
}

