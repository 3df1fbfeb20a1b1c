import Link from "next/link";

import { Layout } from "@/components/Layout";

export default function NotFound() {
  return (
    <Layout title="Page not found">
      <div className="space-y-3 text-center">
        <p className="text-5xl font-semibold text-slate-300">404</p>
        <h1 className="text-xl font-semibold">This page does not exist</h1>
        <p className="text-slate-600">The link may be old, or the address mistyped.</p>
        <p className="flex justify-center gap-4">
          <Link href="/" className="underline">
            Home
          </Link>
          <Link href="/dashboard/" className="underline">
            Dashboard
          </Link>
        </p>
      </div>
    </Layout>
  );
}
