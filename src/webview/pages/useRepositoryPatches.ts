import { useClient } from '@urql/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { OverviewRepositoryChangedSubscription, type OverviewRepository, type RepositoryPatch } from '../queries';
import { overlay, settle } from './repositoryPatches';

/**
 * The Overview's repositories with each `repositoryChanged` event laid over the last read, so a
 * changed repository's row is drawn from the event itself, not after the whole overview is read
 * again. An event's state stays over the reads until a read agrees with it: a read that started
 * before the event brings the older state, and must not draw it back. `onEvent` is told of each
 * event (the page re-reads for what the event does not carry: counts, health, GitHub).
 */
export function useRepositoryPatches(read: readonly OverviewRepository[], onEvent: () => void): readonly OverviewRepository[] {
	const client = useClient();
	const [patches, setPatches] = useState<ReadonlyMap<string, RepositoryPatch>>(new Map());
	useEffect(() => {
		const events = client.subscription(OverviewRepositoryChangedSubscription, {}).subscribe((result) => {
			const patch = result.data?.repositoryChanged;
			if (patch) {
				setPatches((p) => new Map(p).set(patch.path, patch));
				onEvent();
			}
		});
		return () => events.unsubscribe();
	}, [client, onEvent]);
	useEffect(() => setPatches((p) => settle(read, p)), [read, patches]);
	return useMemo(() => overlay(read, patches), [read, patches]);
}
