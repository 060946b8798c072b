import { createBrowserRouter, Navigate } from 'react-router';
import { AppShell } from './app/AppShell';
import { RequireSession } from './app/RequireSession';
import { LoginPage } from './features/auth/LoginPage';
import { NotFound } from './ui/Placeholder';

/**
 * Every path here that a browser may open directly (a mailed link, a reload) is also listed in
 * src/web/client-routes.ts, which tells the server to answer it with the page.
 * Each feature is its own chunk; the citizen pages and the guest join page load no staff code.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/consult/*', lazy: () => import('./features/citizen') },
  { path: '/meetings/guest/:token', lazy: () => import('./features/meetings/GuestJoin') },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <Navigate to="/rooms" replace /> },
          { path: 'rooms/*', lazy: () => import('./features/messenger') },
          { path: 'tasks/*', lazy: () => import('./features/tasks') },
          { path: 'memos/*', lazy: () => import('./features/memos') },
          { path: 'wall/*', lazy: () => import('./features/wall') },
          { path: 'meetings/*', lazy: () => import('./features/meetings') },
          { path: 'consultations/*', lazy: () => import('./features/consultations') },
          { path: 'stats/*', lazy: () => import('./features/stats') },
          { path: 'admin/*', lazy: () => import('./features/admin') },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
