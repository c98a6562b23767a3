import { accountsApi } from './modules/identity/api.js';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Me } from '../../contracts/auth.js';
import { setCsrfToken } from './lib/http.js';

type Auth = {
  me: Me | null;
  loading: boolean;
  signedIn(me: Me): void;
  signOut(everywhere?: boolean): Promise<void>;
  refresh(): Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

/** Who is signed in: asked of the server at start, set by the sign-in page, cleared on sign-out. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const signedIn = useCallback((m: Me) => {
    setCsrfToken(m.csrfToken);
    setMe(m);
  }, []);
  const refresh = useCallback(async () => {
    try {
      signedIn(await accountsApi.me());
    } catch {
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, [signedIn]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const signOut = useCallback(async (everywhere = false) => {
    await (everywhere ? accountsApi.logoutAll() : accountsApi.logout()).catch(() => undefined);
    // what the service worker kept for offline use goes with the session
    if ('caches' in window) await caches.delete('linli-api-v1').catch(() => false);
    setMe(null);
  }, []);
  return <AuthContext.Provider value={{ me, loading, signedIn, signOut, refresh }}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
