import { useClient } from '@urql/preact';
import { useEffect, useReducer, useState } from 'preact/hooks';
import { codedFailure } from '../pages/codedFailure';
import { AgentRunEventsQuery, AgentRunEventsSubscription } from './agentsQueries';
import { addEvents, EMPTY_TRANSCRIPT, type Transcript } from './transcript';

/**
 * A run's transcript, live while the run is: the stored events are read once, and the run's
 * events are followed from the moment it is shown until it ends (then the stored ones are read
 * again, so an event that fell between the two is not missed). Each event reaches the reducer on
 * its own, however fast they come: none is lost to a render that coalesced two results.
 */
export function useTranscript(runId: string, live: boolean): { transcript: Transcript; failure: string | undefined } {
	const client = useClient();
	const [transcript, take] = useReducer(addEvents, EMPTY_TRANSCRIPT);
	const [failure, setFailure] = useState<string>();
	useEffect(() => {
		let stopped = false;
		// Subscribed before the stored events are read: whatever comes meanwhile is in one or the other.
		const live$ = live
			? client.subscription(AgentRunEventsSubscription, { id: runId }).subscribe((result) => {
					if (result.data) {
						take([result.data.agentRunEvents]);
					}
				})
			: undefined;
		void client
			.query(AgentRunEventsQuery, { id: runId }, { requestPolicy: 'network-only' })
			.toPromise()
			.then((result) => {
				if (stopped) {
					return;
				}
				setFailure(codedFailure(result.error));
				if (result.data?.agentRun) {
					take(result.data.agentRun.events);
				}
			});
		return () => {
			stopped = true;
			live$?.unsubscribe();
		};
	}, [client, runId, live]);
	return { transcript, failure };
}
