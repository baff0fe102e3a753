import { useClient, useQuery } from '@urql/preact';
import { useCallback, useEffect, useReducer } from 'preact/hooks';
import { readFragment } from '../../graphql';
import { AgentRunChangedSubscription, AgentRunFields, type AgentRunRow, AgentsPageQuery } from './agentsQueries';
import { runsReducer, type RunsChange } from './runFacts';

const reduce = (runs: readonly AgentRunRow[], change: RunsChange<AgentRunRow>) => runsReducer(runs, change);

/**
 * The Agents page's data: the runs newest first, kept live by each change the graph reports
 * (one run replaced, not the list read again), whether runs can start, and the repositories.
 * `put` takes a run a mutation answered with, so it shows before its first change arrives.
 */
export function useAgentRuns() {
	const client = useClient();
	const [{ data, error }] = useQuery({ query: AgentsPageQuery });
	const [runs, change] = useReducer(reduce, []);
	useEffect(() => {
		const changes = client.subscription(AgentRunChangedSubscription, {}).subscribe((result) => {
			if (result.data) {
				change({ kind: 'run', run: readFragment(AgentRunFields, result.data.agentRunUpdated) });
			}
		});
		return () => changes.unsubscribe();
	}, [client]);
	useEffect(() => {
		if (data?.agentRuns) {
			change({ kind: 'list', runs: data.agentRuns.map((run) => readFragment(AgentRunFields, run)) });
		}
	}, [data]);
	const put = useCallback((run: AgentRunRow) => change({ kind: 'run', run }), []);
	return { data, error, runs, put };
}
