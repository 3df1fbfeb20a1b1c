import Head from "next/head";
import Link from "next/link";
import type { ReactNode } from "react";

import { useAuth } from "@/lib/auth";
import { APP_TITLE } from "@/lib/config";

export function Layout({ title, children }: { title?: string; children: ReactNode }) {
  const auth = useAuth();
  return (
    <>
      <Head>
        <title>{title ? `${title} · ${APP_TITLE}` : APP_TITLE}</title>
      </Head>
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/" className="font-semibold">
            {APP_TITLE}
          </Link>
          <div className="flex items-center gap-3 text-sm">
            <Link href="/dashboard/" className="hover:underline">
              Dashboard
            </Link>
            {auth.ready && auth.signedIn ? (
              <>
                <span className="text-slate-500">{auth.userName}</span>
                <button type="button" onClick={auth.signOut} className="rounded border px-3 py-1 hover:bg-slate-100">
                  Sign out
                </button>
              </>
            ) : (
              <button
                type="button"
                onClick={auth.signIn}
                disabled={!auth.ready}
                className="rounded bg-slate-900 px-3 py-1 text-white hover:bg-slate-700 disabled:opacity-50"
              >
                Sign in
              </button>
            )}
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </>
  );
}
