// Who is logged in to the portal: read once from /api/portal/me (the session is an HttpOnly cookie the page cannot see).
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, getJson, sendJson } from '../shared/api.ts';
import type { Me } from './api-types.ts';

export type SessionState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed-out'; readonly expired: boolean }
  | { readonly kind: 'signed-in'; readonly me: Me };

interface Session {
  readonly state: SessionState;
  /** Reads /api/portal/me again, after a login. */
  readonly refresh: () => Promise<void>;
  readonly logout: () => Promise<void>;
  /** A call answered 401: the 30-minute session ran out, so the screens send the person to log in again. */
  readonly expire: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'checking' });

  const refresh = useCallback(async () => {
    try {
      setState({ kind: 'signed-in', me: await getJson<Me>('/api/portal/me') });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ kind: 'signed-out', expired: false });
      else throw error;
    }
  }, []);

  const logout = useCallback(async () => {
    // A session that already ran out answers 401 here; the person is signed out either way.
    await sendJson('POST', '/api/portal/logout').catch(() => undefined);
    setState({ kind: 'signed-out', expired: false });
  }, []);

  const expire = useCallback(() => setState({ kind: 'signed-out', expired: true }), []);

  useEffect(() => {
    // A network failure on the first check reads as signed out: the login page then shows the real error.
    refresh().catch(() => setState({ kind: 'signed-out', expired: false }));
  }, [refresh]);

  const session = useMemo(() => ({ state, refresh, logout, expire }), [state, refresh, logout, expire]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The logged-in person; only for screens rendered behind RequireLogin. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.kind !== 'signed-in') throw new Error('useMe without a logged-in person');
  return state.me;
}
