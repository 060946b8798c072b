import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Component as CitizenPages } from './index';

/** The citizen's pages on their own, when the browser opens a /consult… address (see main.tsx). */
export function start(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <CitizenPages />
    </StrictMode>,
  );
}
