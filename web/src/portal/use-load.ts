// Loading one API answer for a screen: loading, the answer or the error, and a way to load again.
import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../shared/api.ts';
import { useSession } from './session.tsx';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` when `deps` change; a 401 expires the session (the screen then goes to the login page). */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const { expire } = useSession();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps say when `load` means something new.
  useEffect(() => {
    // A slow earlier answer must not overwrite the answer to a newer question.
    let current = true;
    setLoading(true);
    setError(undefined);
    load().then(
      (answer) => {
        if (!current) return;
        setData(answer);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        if (failure instanceof ApiError && failure.status === 401) expire();
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, loading, reload };
}
