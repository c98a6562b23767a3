import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from './http.js';

/**
 * Data fetching with TanStack Query: caching, retries, refetch on focus, loading and error state —
 * one way for every page instead of hand-written useEffect/useState pairs.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // a 4xx will not get better by asking again
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

/** What went wrong, in the user's language (the server's words when it said something). */
export function errorMessage(error: unknown, fallback = '加载失败 / Failed to load'): string {
  return error instanceof ApiError ? error.message : fallback;
}

/**
 * A server read as `[data, error message, reload]`, cached under `key` (TanStack Query), whose
 * first element names the module; `load` null waits (e.g. until a community is picked).
 */
export function useApi<T>(
  key: readonly unknown[],
  load: (() => Promise<T>) | null,
): [T | null, string | null, () => void, boolean] {
  const q = useQuery({
    queryKey: key,
    queryFn: () => (load ? load() : Promise.reject(new Error('not enabled'))),
    enabled: load !== null,
  });
  const client = useQueryClient();
  // a change seen in one view shows in every view of the module: reload refetches the module's reads
  return [
    q.data ?? null,
    q.isError ? errorMessage(q.error) : null,
    () => void client.invalidateQueries({ queryKey: key.slice(0, 1) }),
    // still loading: show a spinner, not "no data"
    load !== null && q.isPending,
  ];
}
