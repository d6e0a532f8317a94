import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { callApi, SignedOutError } from './api-client.ts';

/**
 * React hooks over `callApi`: a query that loads (and may poll) one route, and an action that posts
 * to one. Both send a signed-out user back to sign-in and keep any other error for the page to show.
 */

/** What a query holds: the last answer, the last error, and whether a load is under way. */
export interface Query<T> {
  readonly data: T | null;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** `path` null waits (nothing to load yet). `pollMs(data)` says when to load again, null for never. */
export function useApiQuery<T>(
  path: string | null,
  pollMs: (data: T) => number | null = () => null,
): Query<T> {
  const signedOut = useSignedOut();
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` asks for a reload; pollMs is read once per answer
  useEffect(() => {
    if (path === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((previous) => ({ ...previous, loading: true }));
    callApi<T>(path).then(
      (data) => {
        if (!live) return;
        setState({ data, error: null, loading: false });
        const wait = pollMs(data);
        if (wait !== null) timer = setTimeout(reload, wait);
      },
      (error: unknown) => {
        if (!live) return;
        if (error instanceof SignedOutError) signedOut();
        else setState((previous) => ({ ...previous, error, loading: false }));
      },
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [path, generation, signedOut, reload]);

  return { ...state, reload };
}

/** What an action holds: `run` posts and resolves to the answer (null when it failed). */
export interface Action {
  readonly run: <T>(path: string, body: unknown) => Promise<T | null>;
  readonly error: unknown;
  readonly pending: boolean;
}

/** Posts to the API; the error of the last post (an `ApiCallError` with the API's message) is kept. */
export function useApiAction(): Action {
  const signedOut = useSignedOut();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const run = useCallback(
    async <T>(path: string, body: unknown): Promise<T | null> => {
      setPending(true);
      setError(null);
      try {
        return await callApi<T>(path, body);
      } catch (caught) {
        if (caught instanceof SignedOutError) signedOut();
        else setError(caught);
        return null;
      } finally {
        setPending(false);
      }
    },
    [signedOut],
  );
  return { run, error, pending };
}

function useSignedOut(): () => void {
  const navigate = useNavigate();
  return useCallback(() => navigate('/sign-in', { state: { ended: true } }), [navigate]);
}
