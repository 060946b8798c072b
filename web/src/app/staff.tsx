import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from '../api/errors';
import { refresh, session } from '../api/session';
import { router } from '../routes';
import { SocketProvider } from './session-context';

/** The staff client: the router with every screen, the query cache, the session and its socket. */
export function start(root: HTMLElement): void {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // 4xx answers are final (not found, forbidden): retrying only delays the message.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });

  // The cookie, if any, becomes an access token before the first screen decides where to go. A
  // meeting guest's page has no session to look for.
  if (!/^\/meetings\/guest\//.test(location.pathname)) void refresh().catch(() => undefined);
  // Whoever signs in next in this tab starts from an empty cache.
  session.subscribe(() => {
    if (session.get().status === 'signed-out') queryClient.clear();
  });

  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <SocketProvider>
          <RouterProvider router={router} />
        </SocketProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
