import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Server state for the citizen's few calls, without TanStack Query: on a phone its ~10 kB gzip were
 * what put these pages over their 120 kB budget (the staff client keeps it). A read is keyed;
 * answers are kept for the tab's life, shown at once on return and read again in the background.
 */
const kept = new Map<string, unknown>();

export interface Remote<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isError: boolean;
  refetch: () => void;
  /** Replaces the kept answer (a change the server just answered with). */
  set: (data: T) => void;
}

/** Keeps an answer for a key (what a change returned), for the next page that reads it. */
export function remember(key: string, data: unknown): void {
  kept.set(key, data);
}

export function useRemote<T>(key: string | null, load: () => Promise<T>, options: { keep?: boolean } = {}): Remote<T> {
  const keep = options.keep ?? true;
  const [state, setState] = useState<{
    key: string | null;
    data?: T;
    error?: unknown;
  }>(() => ({
    key,
    data: key && keep ? (kept.get(key) as T | undefined) : undefined,
  }));
  const [round, setRound] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((current) =>
      current.key === key
        ? { ...current, error: undefined }
        : { key, data: keep ? (kept.get(key) as T | undefined) : undefined },
    );
    loader.current().then(
      (data) => {
        if (keep) kept.set(key, data);
        if (live) setState({ key, data });
      },
      (error: unknown) => {
        if (live)
          setState((current) => ({
            key,
            data: current.key === key ? current.data : undefined,
            error,
          }));
      },
    );
    return () => {
      live = false;
    };
  }, [key, round, keep]);
  const set = useCallback(
    (data: T) => {
      if (key !== null && keep) kept.set(key, data);
      setState({ key, data });
    },
    [key, keep],
  );
  const current = state.key === key;
  const data = current ? state.data : key !== null && keep ? (kept.get(key) as T | undefined) : undefined;
  const error = current ? state.error : undefined;
  return {
    data,
    error,
    isPending: key !== null && data === undefined && error === undefined,
    isError: error !== undefined,
    refetch: () => setRound((n) => n + 1),
    set,
  };
}

/** A change sent to the server: its state, and a guard against sending it twice at once. */
export function useAction<A, T>(
  send: (input: A) => Promise<T>,
  handlers: {
    onSuccess?: (data: T, input: A) => void;
    onError?: (error: unknown) => void;
  } = {},
) {
  const [state, setState] = useState<{
    pending: boolean;
    data?: T;
    error?: unknown;
  }>({ pending: false });
  const busy = useRef(false);
  const latest = useRef({ send, handlers });
  latest.current = { send, handlers };
  const run = useCallback((input: A) => {
    if (busy.current) return;
    busy.current = true;
    setState({ pending: true });
    latest.current.send(input).then(
      (data) => {
        busy.current = false;
        setState({ pending: false, data });
        latest.current.handlers.onSuccess?.(data, input);
      },
      (error: unknown) => {
        busy.current = false;
        setState({ pending: false, error });
        latest.current.handlers.onError?.(error);
      },
    );
  }, []);
  const reset = useCallback(() => setState({ pending: false }), []);
  return {
    run,
    reset,
    isPending: state.pending,
    data: state.data,
    error: state.error,
    isError: state.error !== undefined,
    isSuccess: state.data !== undefined,
  };
}
