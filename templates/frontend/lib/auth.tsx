// Sign-in, the same to every page whichever provider is behind it.
import { createContext, useContext } from "react";

export interface Auth {
  /** False until the provider knows whether someone is signed in. */
  ready: boolean;
  signedIn: boolean;
  userName: string | null;
  /** A bearer token for the API, or null when signed out. */
  getToken: () => Promise<string | null>;
  signIn: () => void;
  signOut: () => void;
}

export const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth() needs an <AuthProvider> above it (see pages/_app.tsx)");
  return auth;
}
