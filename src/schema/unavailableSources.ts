import { Emitter } from '../common/event';
import type { AgentFleetRecord, AgentRunRecord, AgentRunsSource, AgentUsageRecord, ClaudeStatusRecord } from './contracts/agentRuns';
import type { PackagesSource, PackagesStatusRecord } from './contracts/packages';
import { SourceError, type ClaudeErrorCode, type GitHubErrorCode, type PackagesErrorCode } from './contracts/sourceError';
import type { GitHubActorRecord, WorkflowsSource, WorkflowsStatusRecord } from './contracts/workflows';

function never<T>() {
	// Nothing ever fires; one shared emitter keeps listeners from piling up per subscriber.
	return new Emitter<T>().event;
}

/**
 * The workflows source when GitHub cannot be used at all (no token, no sign-in, an untrusted
 * workspace): every GitHub field answers with `code` and `reason` as a GraphQL error and the rest
 * of the graph still works.
 */
export class UnavailableWorkflows implements WorkflowsSource {
	readonly onDidChangeRun = never<never>();
	constructor(
		readonly unavailableReason: string,
		readonly code: GitHubErrorCode = 'SIGNED_OUT',
	) {}
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
		throw new SourceError('GITHUB', this.code, this.unavailableReason);
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
	expectPush(): void {
		// Nothing to look for without GitHub.
	}
	async viewer(): Promise<GitHubActorRecord | null> {
		return null;
	}
	status(): WorkflowsStatusRecord {
		return { available: false, code: this.code, reason: this.unavailableReason, retryAt: null, stale: null, lastPolledAt: null, paused: false, pollIntervalSeconds: null, rateLimits: [] };
	}
}

/** The agent runs source when the `claude` CLI cannot be used: history is empty, starting fails with `code` and `reason`. */
export class UnavailableAgentRuns implements AgentRunsSource {
	readonly onDidChangeRun = never<AgentRunRecord>();
	readonly onDidReceiveEvent = never<never>();
	constructor(
		readonly unavailableReason: string,
		readonly code: ClaudeErrorCode = 'CLI_MISSING',
	) {}
	status(): ClaudeStatusRecord {
		return { available: false, code: this.code, reason: this.unavailableReason, path: null, version: null, signIn: null };
	}
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
		throw new SourceError('CLAUDE', this.code, this.unavailableReason);
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
	async startFrom(): Promise<AgentRunRecord> {
		return this.fail();
	}
	async startFleet(): Promise<AgentFleetRecord> {
		return this.fail();
	}
	fleets() {
		return [];
	}
	fleet() {
		return undefined;
	}
	async cancelFleet(): Promise<AgentFleetRecord> {
		return this.fail();
	}
	async retryFleet(): Promise<AgentFleetRecord> {
		return this.fail();
	}
	usage(): AgentUsageRecord {
		return { today: { day: '', costUsd: 0, runs: 0, tokensIn: 0, tokensOut: 0 }, repositories: [], dailyBudgetUsd: null, remainingTodayUsd: null };
	}
	async worktreeChanges() {
		return [];
	}
	async worktreeDiff() {
		return '';
	}
	async mergeRun(): Promise<AgentRunRecord> {
		return this.fail();
	}
	async keepRunBranch(): Promise<AgentRunRecord> {
		return this.fail();
	}
	async discardRun(): Promise<AgentRunRecord> {
		return this.fail();
	}
	async storedWorktrees() {
		return [];
	}
	async cleanWorktrees(): Promise<number> {
		return this.fail();
	}
	async promptTemplates() {
		return [];
	}
	async resume(): Promise<AgentRunRecord> {
		return this.fail();
	}
	async generateCommitMessages(): Promise<never> {
		return this.fail();
	}
}

/**
 * The packages source when packages are not read at all (an untrusted workspace, a graph built
 * without them): no package is listed, `packagesStatus` says why with `code`, and the
 * workspace-wide package fields fail with that code.
 */
export class UnavailablePackages implements PackagesSource {
	readonly onDidChange = never<void>();
	constructor(
		readonly unavailableReason: string,
		readonly code: PackagesErrorCode = 'UNTRUSTED',
	) {}
	status(): PackagesStatusRecord {
		return { available: false, code: this.code, reason: this.unavailableReason, registry: null, lastCheckedAt: null };
	}
	async manifests() {
		return [];
	}
	private refuse(): never {
		throw new SourceError('PACKAGES', this.code, this.unavailableReason);
	}
	async packument(): Promise<never> {
		return this.refuse();
	}
	async registryFor(): Promise<never> {
		return this.refuse();
	}
	async release() {
		return { tag: null, commitsSince: null };
	}
	refresh(): void {}
}
