/** The typed graph documents of the agent runs view and commands. */
import { graphql, ResultOf } from '../../graphql';

/** What the Agent Runs view reads: the newest runs, or the newest in a group's repositories. */
export const AgentRunsViewQuery = graphql(`
	query AgentRunsView($group: String) {
		agentRuns(first: 200, group: $group) {
			id prompt status sessionId costUsd durationMs numTurns error output repositoryPath createdAt startedAt finishedAt
			parent { id }
			isolation
			worktree { branch state }
			fleet { id prompt createdAt queued running succeeded failed cancelled budgetExceeded costUsd finished }
		}
		agentUsage { today { costUsd runs tokensIn tokensOut } dailyBudgetUsd remainingTodayUsd }
		permissionRequests { id tool inputSummary requestedAt run { id } repository { path } }
	}
`);

/** A tool call a run waits to be allowed, as the Agent Runs view shows it under the run. */
export type ViewPermissionRequest = ResultOf<typeof AgentRunsViewQuery>['permissionRequests'][number];

/** Answers a permission request; NOT_FOUND when it was answered, timed out or its run ended. */
export const AnswerPermissionRequestMutation = graphql(`
	mutation AnswerPermissionRequest($id: ID!, $decision: PermissionDecision!) {
		answerPermissionRequest(id: $id, decision: $decision) { id }
	}
`);

/** Today's spend of agent runs. */
export type ViewAgentUsage = ResultOf<typeof AgentRunsViewQuery>['agentUsage'];

/** One run as the Agent Runs view shows it. */
export type ViewAgentRun = NonNullable<ResultOf<typeof AgentRunsViewQuery>['agentRuns']>[number];

/** A run and its stored events, for the transcript. */
export const AgentRunTranscriptQuery = graphql(`
	query AgentRunTranscript($id: ID!) {
		agentRun(id: $id) {
			prompt status repositoryPath model sessionId costUsd durationMs numTurns result error createdAt output
			events { json }
		}
	}
`);

/** Whether runs can start, and why not (a code the commands turn into a fix). */
export const ClaudeStatusQuery = graphql(`
	query ClaudeStatus {
		claudeStatus { available code reason path version signIn }
	}
`);

/** Starts one run in one repository, from a prompt or a template. */
export const StartAgentRunMutation = graphql(`
	mutation StartAgentRun($repository: String!, $prompt: String, $template: String, $options: AgentRunOptions) {
		startAgentRun(repository: $repository, prompt: $prompt, template: $template, options: $options) { id }
	}
`);

/** Starts one run per repository under one fleet. */
export const StartAgentFleetMutation = graphql(`
	mutation StartAgentFleet($repositories: [String!]!, $prompt: String, $template: String, $options: AgentRunOptions) {
		startAgentFleet(repositories: $repositories, prompt: $prompt, template: $template, options: $options) { id runs { id } }
	}
`);

/** Cancels a fleet's queued and running runs. */
export const CancelAgentFleetMutation = graphql(`
	mutation CancelAgentFleet($id: ID!) {
		cancelAgentFleet(id: $id) { id cancelled }
	}
`);

/** Retries a fleet's failed runs. */
export const RetryAgentFleetMutation = graphql(`
	mutation RetryAgentFleet($id: ID!) {
		retryAgentFleet(id: $id) { id }
	}
`);

/** The saved prompts to start from. */
export const PromptTemplatesQuery = graphql(`
	query PromptTemplates {
		promptTemplates { name description source }
	}
`);

/** A run's worktree with its changes and diff, to review. */
export const AgentRunWorktreeQuery = graphql(`
	query AgentRunWorktree($id: ID!) {
		agentRun(id: $id) { id status repositoryPath prompt worktree { path branch baseCommit state changes { path status } diff } }
	}
`);

/** Merges a run's worktree into the repository's branch. */
export const MergeAgentRunMutation = graphql(`
	mutation MergeAgentRun($id: ID!, $mode: AgentMergeMode!) {
		mergeAgentRun(id: $id, mode: $mode) { id worktree { branch state mergeCommit } }
	}
`);

/** Keeps a run's branch and removes its worktree folder. */
export const KeepAgentRunBranchMutation = graphql(`
	mutation KeepAgentRunBranch($id: ID!) {
		keepAgentRunBranch(id: $id) { id worktree { branch state } }
	}
`);

/** Removes a run's worktree and branch. */
export const DiscardAgentRunMutation = graphql(`
	mutation DiscardAgentRun($id: ID!) {
		discardAgentRun(id: $id) { id worktree { branch state } }
	}
`);

/** The worktrees in storage; those with no run were left by a crash. */
export const AgentWorktreesQuery = graphql(`
	query AgentWorktrees {
		agentWorktrees { path branch repositoryPath run { id } }
	}
`);

/** Removes the worktrees no run claims. */
export const CleanAgentWorktreesMutation = graphql(`
	mutation CleanAgentWorktrees {
		cleanAgentWorktrees
	}
`);

/** Stops a run; answers once it has ended. */
export const CancelAgentRunMutation = graphql(`
	mutation CancelAgentRun($id: ID!) {
		cancelAgentRun(id: $id) { id status }
	}
`);

/** Runs a finished run's prompt again, as a new run. */
export const RetryAgentRunMutation = graphql(`
	mutation RetryAgentRun($id: ID!) {
		retryAgentRun(id: $id) { id }
	}
`);

/** Continues a finished run's session with a follow-up prompt. */
export const ResumeAgentRunMutation = graphql(`
	mutation ResumeAgentRun($id: ID!, $prompt: String!) {
		resumeAgentRun(id: $id, prompt: $prompt) { id }
	}
`);

/** Asks for a commit message per repository; commits nothing. */
export const GenerateCommitMessagesMutation = graphql(`
	mutation GenerateCommitMessages($paths: [String!]!) {
		generateCommitMessages(paths: $paths) {
			repository { path name }
			message
			error
			paths
		}
	}
`);

/** One suggestion as the commit-message command reviews it. */
export type ViewCommitSuggestion = ResultOf<typeof GenerateCommitMessagesMutation>['generateCommitMessages'][number];

/** Commits a reviewed suggestion: the files it describes, or every change. */
export const CommitSuggestionMutation = graphql(`
	mutation CommitSuggestion($repository: String!, $message: String!, $paths: [String!]) {
		commit(repository: $repository, message: $message, paths: $paths) { status error { code message } }
	}
`);
