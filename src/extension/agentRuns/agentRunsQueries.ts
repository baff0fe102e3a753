/** The typed graph documents of the agent runs view and commands. */
import { graphql, ResultOf } from '../../graphql';

/** What the Agent Runs view reads: the newest runs, or the newest in a group's repositories. */
export const AgentRunsViewQuery = graphql(`
	query AgentRunsView($group: String) {
		agentRuns(first: 200, group: $group) {
			id prompt status sessionId costUsd durationMs numTurns error output repositoryPath createdAt startedAt finishedAt
			parent { id }
		}
	}
`);

/** One run as the Agent Runs view shows it. */
export type ViewAgentRun = NonNullable<ResultOf<typeof AgentRunsViewQuery>['agentRuns']>[number];

/** A run and its stored events, for the transcript. */
export const AgentRunTranscriptQuery = graphql(`
	query AgentRunTranscript($id: ID!) {
		agentRun(id: $id) {
			prompt status repositoryPath model sessionId costUsd durationMs numTurns result error createdAt
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

/** Starts one run in one repository. */
export const StartAgentRunMutation = graphql(`
	mutation StartAgentRun($repository: String!, $prompt: String!) {
		startAgentRun(repository: $repository, prompt: $prompt) { id }
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
