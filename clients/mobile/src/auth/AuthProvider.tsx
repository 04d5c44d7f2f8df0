import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

import { api, unwrap } from '@/api/client';

import { session } from './session';

type Status = 'signed-out' | 'signed-in';

interface AuthValue {
  status: Status;
  userId: string | null;
  /** From the access token: what the app shows (the services decide what is allowed). */
  roles: string[];
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Who is signed in on this device, restored at launch from the stored tokens; ends when the tokens are refused. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>(() => (session.restore() ? 'signed-in' : 'signed-out'));
  const [userId, setUserId] = useState<string | null>(() => session.userId);
  const [roles, setRoles] = useState<string[]>(() => session.roles);

  useEffect(
    () =>
      session.onChange((signedIn) => {
        setStatus(signedIn ? 'signed-in' : 'signed-out');
        setUserId(session.userId);
        setRoles(session.roles);
        if (!signedIn) {
          // Nothing of the last person stays in memory for the next one.
          queryClient.clear();
        }
      }),
    [queryClient],
  );

  const signIn = useCallback(async (email: string, password: string) => {
    const tokens = await unwrap(api.identity.POST('/api/v1/identity/tokens', { body: { email, password } }));
    await session.begin(tokens);
  }, []);

  const signOut = useCallback(() => session.signOut(), []);

  const value = useMemo(() => ({ status, userId, roles, signIn, signOut }), [status, userId, roles, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) {
    throw new Error('useAuth outside AuthProvider');
  }
  return value;
}
