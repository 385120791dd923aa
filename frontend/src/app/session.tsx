//! Owns the urql client. A new client (empty cache) is made at login, setup and logout, and
//! when the server says the session is gone, so no customer data outlives a session in memory.
//! A replaced client's subscription WebSocket (opened with the old session) is closed.
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider } from 'urql';
import { createClient, UNAUTHENTICATED_EVENT } from './client';
import { isPublicPath, loginPath } from './loginRedirect';

interface SessionValue {
  /** Drops every cached result by starting over with a new client. */
  readonly resetSession: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

interface Props {
  readonly navigate: (to: string, opts: { replace: boolean }) => unknown;
  readonly children: ReactNode;
}

export function SessionProvider({ navigate, children }: Props) {
  const [session, setSession] = useState(createClient);
  const resetSession = useCallback(() => {
    setSession(createClient());
  }, []);

  // When a client is replaced (or the provider unmounts), close its WebSocket.
  useEffect(
    () => () => {
      session.dispose();
    },
    [session],
  );

  useEffect(() => {
    const onUnauthenticated = () => {
      const { pathname, search } = window.location;
      if (isPublicPath(pathname)) return;
      void navigate(loginPath(pathname + search), { replace: true });
      setSession(createClient());
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    return () => {
      window.removeEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    };
  }, [navigate]);

  const value = useMemo(() => ({ resetSession }), [resetSession]);
  return (
    <SessionContext value={value}>
      <Provider value={session.client}>{children}</Provider>
    </SessionContext>
  );
}

export function useSession(): SessionValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
