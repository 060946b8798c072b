import { defineConfig } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = process.env.IEUM_API_URL ?? 'http://127.0.0.1:3000';
// Everything the API answers; the dev server proxies these and serves the client for the rest.
const apiPaths = [
  '/auth',
  '/me',
  '/agencies',
  '/directory',
  '/rooms',
  '/messages',
  '/search',
  '/commands',
  '/files',
  '/tasks',
  '/memos',
  '/walls',
  '/wall-posts',
  '/wall-comments',
  '/wall-reports',
  '/meetings',
  '/consultations',
  '/public',
  '/stats',
  '/admin-api',
  '/health',
  '/ready',
  '/api',
];

export default defineConfig({
  root: here,
  base: '/',
  publicDir: path.join(here, 'public'),
  build: {
    outDir: path.resolve(here, '..', process.env.IEUM_BUILD_DIR ?? 'dist', 'web'),
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      // React Query's "use client" markers mean nothing outside server components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/socket.io': { target: api, ws: true },
      // A browser navigating to /tasks/<id> wants the page; its fetches want the API.
      ...Object.fromEntries(
        apiPaths.map((p) => [
          p,
          {
            target: api,
            bypass: (req: { headers: Record<string, string | string[] | undefined> }) =>
              req.headers['sec-fetch-mode'] === 'navigate' ? '/index.html' : undefined,
          },
        ]),
      ),
    },
  },
});
