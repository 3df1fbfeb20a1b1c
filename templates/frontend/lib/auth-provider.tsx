{% if auth_provider == "clerk" %}
// Sign-in with Clerk: its components and session, mapped to the app's Auth interface.
import { ClerkProvider, useAuth as useClerkAuth, useClerk, useUser } from "@clerk/nextjs";
import { type ReactNode, useMemo } from "react";

import { type Auth, AuthContext } from "./auth";

function ClerkBridge({ children }: { children: ReactNode }) {
  const { isLoaded, isSignedIn, getToken } = useClerkAuth();
  const { user } = useUser();
  const clerk = useClerk();
  const value = useMemo<Auth>(
    () => ({
      ready: isLoaded,
      signedIn: Boolean(isSignedIn),
      userName: user?.fullName ?? user?.primaryEmailAddress?.emailAddress ?? null,
      getToken: () => getToken(),
      signIn: () => clerk.openSignIn(),
      signOut: () => void clerk.signOut(),
    }),
    [isLoaded, isSignedIn, user, getToken, clerk],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function ProviderAuth({ children }: { children: ReactNode }) {
  return (
    <ClerkProvider publishableKey={process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY}>
      <ClerkBridge>{children}</ClerkBridge>
    </ClerkProvider>
  );
}
{% else %}
// Sign-in with Cognito's hosted UI (OpenID Connect, authorization code + PKCE), through
// react-oidc-context, mapped to the app's Auth interface.
import { type ReactNode, useMemo, useSyncExternalStore } from "react";
import { AuthProvider, useAuth as useOidc } from "react-oidc-context";

import { type Auth, AuthContext } from "./auth";

const NOT_READY: Auth = {
  ready: false,
  signedIn: false,
  userName: null,
  getToken: async () => null,
  signIn: () => undefined,
  signOut: () => undefined,
};

function OidcBridge({ children }: { children: ReactNode }) {
  const oidc = useOidc();
  const value = useMemo<Auth>(
    () => ({
      ready: !oidc.isLoading,
      signedIn: oidc.isAuthenticated,
      userName: oidc.user?.profile.email ?? null,
      getToken: async () => oidc.user?.access_token ?? null,
      signIn: () => void oidc.signinRedirect(),
      signOut: () => void oidc.removeUser(),
    }),
    [oidc],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

const noSubscription = () => () => undefined;

export function ProviderAuth({ children }: { children: ReactNode }) {
  // The OIDC client needs the browser (its redirect URI is this site's origin), so the
  // pre-rendered HTML shows the signed-out state and the client takes over on load.
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  if (!inBrowser) {
    return <AuthContext.Provider value={NOT_READY}>{children}</AuthContext.Provider>;
  }
  return (
    <AuthProvider
      authority={process.env.NEXT_PUBLIC_COGNITO_AUTHORITY ?? ""}
      client_id={process.env.NEXT_PUBLIC_COGNITO_CLIENT_ID ?? ""}
      redirect_uri={`${window.location.origin}/dashboard/`}
      scope="openid email profile"
      onSigninCallback={() => window.history.replaceState({}, document.title, window.location.pathname)}
    >
      <OidcBridge>{children}</OidcBridge>
    </AuthProvider>
  );
}
{% endif %}
