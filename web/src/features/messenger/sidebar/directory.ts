import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../../api/http';
import type { AgencyNode } from '../../../api/types';
import type { DepartmentSummary, DirectoryPage, DirectoryPerson } from '@server/identity/directory-search.service';

export type { AgencyNode, DepartmentSummary, DirectoryPerson };

export type PeopleFilter = { q: string } | { agencyId: string } | { departmentId: string };

const PAGE = 20;

/** People of the directory by name, agency or department, a page at a time. */
export function usePeople(filter: PeopleFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['directory', 'users', filter],
    queryFn: ({ pageParam, signal }) =>
      api<DirectoryPage>('/directory/users', { query: { ...filter, limit: PAGE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    staleTime: 60_000,
  });
}

/** The government's org tree (GET /agencies). */
export function useAgencies(enabled = true) {
  return useQuery({
    queryKey: ['agencies'],
    queryFn: ({ signal }) => api<AgencyNode[]>('/agencies', { signal }),
    enabled,
    staleTime: 10 * 60_000,
  });
}

export function useDepartments(agencyId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['directory', 'departments', agencyId],
    queryFn: ({ signal }) => api<DepartmentSummary[]>(`/directory/agencies/${agencyId}/departments`, { signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The value once it has stopped changing for a moment (typing, Hangul composition included). */
export function useDebounced<T>(value: T, delayMs = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** Every agency of the tree, depth first, with its path of parents' names. */
export function flattenAgencies(
  nodes: AgencyNode[],
  parents: string[] = [],
): Array<{ agency: AgencyNode; path: string[] }> {
  return nodes.flatMap((agency) => [
    { agency, path: parents },
    ...flattenAgencies(agency.children, [...parents, agency.name]),
  ]);
}
