import { Emitter } from '../common/event';
import type { AgentRunRecord, AgentRunsSource } from './agentRuns/agentRunsSource';
import { type WorkflowsSource, type WorkflowsStatusRecord, WorkflowsSourceError } from './workflows/workflowsSource';

function never<T>() {
	// Nothing ever fires; one shared emitter keeps listeners from piling up per subscriber.
	return new Emitter<T>().event;
}

/**
 * The workflows source when GitHub cannot be used at all (no token, no sign-in): every GitHub
 * field answers with `reason` as a GraphQL error and the rest of the graph still works.
 */
export class UnavailableWorkflows implements WorkflowsSource {
	readonly onDidChangeRun = never<never>();
	constructor(readonly unavailableReason: string) {}
	async repositoriesByPath(paths: readonly string[]) {
		return paths.map(() => null);
	}
	latestRun() {
		return null;
	}
	async runs() {
		return [];
	}
	recentRuns() {
		return [];
	}
	async workflows() {
		return [];
	}
	async dispatchInputs() {
		return null;
	}
	async jobs() {
		return [];
	}
	async run() {
		return null;
	}
	async jobLog(): Promise<never> {
		return this.refuse();
	}
	private refuse(): never {
		throw new WorkflowsSourceError('GITHUB_UNAVAILABLE', this.unavailableReason);
	}
	async dispatch(): Promise<never> {
		return this.refuse();
	}
	async cancelRun(): Promise<never> {
		return this.refuse();
	}
	async rerunRun(): Promise<never> {
		return this.refuse();
	}
	status(): WorkflowsStatusRecord {
		return { available: false, reason: this.unavailableReason, stale: null, lastPolledAt: null, paused: false, rateLimits: [] };
	}
}

/** The agent runs source when the `claude` CLI cannot be used: history is empty, starting fails with `reason`. */
export class UnavailableAgentRuns implements AgentRunsSource {
	readonly onDidChangeRun = never<AgentRunRecord>();
	readonly onDidReceiveEvent = never<never>();
	constructor(readonly unavailableReason: string) {}
	list() {
		return [];
	}
	get() {
		return undefined;
	}
	forRepository() {
		return [];
	}
	async events() {
		return [];
	}
	private fail(): never {
		throw new Error(this.unavailableReason);
	}
	async start(): Promise<AgentRunRecord> {
		return this.fail();
	}
	async cancel(): Promise<AgentRunRecord> {
		return this.fail();
	}
	async retry(): Promise<AgentRunRecord> {
		return this.fail();
	}
	async resume(): Promise<AgentRunRecord> {
		return this.fail();
	}
	async generateCommitMessages(): Promise<never> {
		return this.fail();
	}
}
