import "@/styles/globals.css";

import type { AppProps } from "next/app";

import { ErrorBoundary } from "@/components/ErrorBoundary";
import { ToastProvider } from "@/components/Toast";
import { LocalAuthProvider } from "@/lib/auth-local";
import { ProviderAuth } from "@/lib/auth-provider";
import { AUTH_MODE } from "@/lib/config";

export default function App({ Component, pageProps }: AppProps) {
  const Auth = AUTH_MODE === "local" ? LocalAuthProvider : ProviderAuth;
  return (
    <Auth>
      <ToastProvider>
        <ErrorBoundary what="This page">
          <Component {...pageProps} />
        </ErrorBoundary>
      </ToastProvider>
    </Auth>
  );
}
