import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Reads queries again after a live event said they changed. A first fetch still on its way may have
 * been read before the change, and TanStack Query does not cancel a fetch that has no data yet (it
 * hands back the one in flight), so those are read again once they are in.
 */
export function refreshAfterEvent(client: QueryClient, queryKey: QueryKey): void {
  const inFlight = client
    .getQueryCache()
    .findAll({ queryKey })
    .some((q) => q.state.fetchStatus === 'fetching');
  if (!inFlight) {
    void client.invalidateQueries({ queryKey });
    return;
  }
  void client.refetchQueries({ queryKey }, { cancelRefetch: false }).then(() => client.invalidateQueries({ queryKey }));
}

/** True while some query under this key is fetching: a patch to it now may be overwritten by an older read. */
export function fetching(client: QueryClient, queryKey: QueryKey): boolean {
  return client
    .getQueryCache()
    .findAll({ queryKey })
    .some((q) => q.state.fetchStatus === 'fetching');
}
