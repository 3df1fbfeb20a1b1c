// Development sign-in: a token from the local API's development issuer, which the API
// refuses unless it runs in local mode. Kept for the browser tab (sessionStorage).
import { type ReactNode, useCallback, useMemo, useSyncExternalStore } from "react";

import { type Auth, AuthContext } from "./auth";
import { API_URL } from "./config";

const KEY = "local-dev-token";
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

export function LocalAuthProvider({ children }: { children: ReactNode }) {
  const token = useSyncExternalStore(
    subscribe,
    () => sessionStorage.getItem(KEY),
    () => null,
  );
  const ready = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const signIn = useCallback(() => {
    void fetch(`${API_URL}/auth/local/token`, { method: "POST" })
      .then(async (response) => {
        if (!response.ok) throw new Error(`local sign-in answered ${response.status}`);
        const body = (await response.json()) as { token: string };
        setToken(body.token);
      })
      .catch((error: unknown) => {
        console.warn("Local sign-in failed: is `make dev` running?", error);
      });
  }, []);
  const value = useMemo<Auth>(
    () => ({
      ready,
      signedIn: token !== null,
      userName: token ? "Local user" : null,
      getToken: async () => sessionStorage.getItem(KEY),
      signIn,
      signOut: () => setToken(null),
    }),
    [ready, token, signIn],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
