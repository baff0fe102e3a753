/**
 * The permission inbox as the graph's `AgentPermissionsSource`: records with plain timestamps,
 * and a coded `NOT_FOUND` for an answer that comes too late.
 */
import { SourceError } from '../schema/contracts/sourceError';
import type { AgentPermissionsSource, PermissionDecisionValue, PermissionRequestRecord } from '../schema/contracts/agentRuns';
import type { PermissionInbox, PermissionRequest } from './permissionInbox';

function toPermissionRecord(r: PermissionRequest): PermissionRequestRecord {
	return { id: r.id, runId: r.runId, repositoryPath: r.repositoryPath, tool: r.tool, inputSummary: r.inputSummary, requestedAt: r.requestedAt.getTime() };
}

/** Wraps an inbox for the agent runs subschema. */
export function permissionsSource(inbox: PermissionInbox): AgentPermissionsSource {
	return {
		requests: () => inbox.requests.map(toPermissionRecord),
		answer: (id: string, decision: PermissionDecisionValue) => {
			const request = inbox.requests.find((r) => r.id === id);
			if (!request || !inbox.answer(id, decision)) {
				throw new SourceError('CLAUDE', 'NOT_FOUND', 'This permission request was already answered, timed out, or its run ended.');
			}
			return toPermissionRecord(request);
		},
		onDidChangeRequests: (listener) => inbox.onDidChangeRequests((requests) => listener(requests.map(toPermissionRecord))),
	};
}
