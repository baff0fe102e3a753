import { graphql, type ResultOf } from '../../graphql';

/**
 * The fields of a run the Agents page shows in its row. The list, the live updates and every
 * mutation's answer ask for the same ones, so any of them can replace a run in the list.
 */
export const AgentRunFields = graphql(`
	fragment DashboardAgentRunFields on AgentRun {
		id
		status
		prompt
		repositoryPath
		error
		costUsd
		numTurns
		durationMs
		createdAt
		startedAt
		finishedAt
		sessionId
		parent { id }
		worktree { state }
	}
`);

/** One run as the Agents page holds it. */
export type AgentRunRow = ResultOf<typeof AgentRunFields>;

/** The Agents page: whether runs can start, the newest runs, and the repositories to start one in. */
export const AgentsPageQuery = graphql(
	`
		query DashboardAgentsPage {
			claudeStatus { available reason }
			agentRuns(first: 50) { ...DashboardAgentRunFields }
			repositories { path name initialized }
		}
	`,
	[AgentRunFields],
);

/** Any run changed (started, a turn ended, finished): its new fields. */
export const AgentRunChangedSubscription = graphql(
	`
		subscription DashboardAgentRunChanged {
			agentRunUpdated { ...DashboardAgentRunFields }
		}
	`,
	[AgentRunFields],
);

/** A run's stored transcript, read once when it is opened. */
export const AgentRunEventsQuery = graphql(`
	query DashboardAgentRunEvents($id: ID!) {
		agentRun(id: $id) { id events { seq type text json } }
	}
`);

/** A running run's events as they arrive, partial text deltas included. */
export const AgentRunEventsSubscription = graphql(`
	subscription DashboardAgentRunEvents($id: ID!) {
		agentRunEvents(id: $id) { seq type text json }
	}
`);

/** One event of a run's transcript, as the page receives it. */
export type AgentRunEventRow = ResultOf<typeof AgentRunEventsSubscription>['agentRunEvents'];

export const StartAgentRunMutation = graphql(
	`
		mutation DashboardStartAgentRun($repository: String!, $prompt: String!) {
			startAgentRun(repository: $repository, prompt: $prompt) { ...DashboardAgentRunFields }
		}
	`,
	[AgentRunFields],
);

export const CancelAgentRunMutation = graphql(
	`
		mutation DashboardCancelAgentRun($id: ID!) {
			cancelAgentRun(id: $id) { ...DashboardAgentRunFields }
		}
	`,
	[AgentRunFields],
);

export const RetryAgentRunMutation = graphql(
	`
		mutation DashboardRetryAgentRun($id: ID!) {
			retryAgentRun(id: $id) { ...DashboardAgentRunFields }
		}
	`,
	[AgentRunFields],
);

export const ResumeAgentRunMutation = graphql(
	`
		mutation DashboardResumeAgentRun($id: ID!, $prompt: String!) {
			resumeAgentRun(id: $id, prompt: $prompt) { ...DashboardAgentRunFields }
		}
	`,
	[AgentRunFields],
);
