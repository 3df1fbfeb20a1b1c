import Link from "next/link";

import { Layout } from "@/components/Layout";
import { AGENTS, APP_DESCRIPTION, APP_TITLE } from "@/lib/config";

export default function Home() {
  return (
    <Layout>
      <section className="space-y-4">
        <h1 className="text-3xl font-bold">{APP_TITLE}</h1>
        <p className="max-w-2xl text-lg text-slate-600">{APP_DESCRIPTION}</p>
        <Link href="/dashboard/" className="inline-block rounded bg-slate-900 px-4 py-2 text-white hover:bg-slate-700">
          Open the dashboard
        </Link>
      </section>
      <section className="mt-10">
        <h2 className="mb-3 text-xl font-semibold">The agents</h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {AGENTS.map((agent) => (
            <li key={agent.name} className="rounded border border-slate-200 bg-white p-4">
              <p className="font-medium">
                {agent.name} <span className="text-sm text-slate-500">({agent.role})</span>
              </p>
              <p className="text-sm text-slate-600">{agent.description}</p>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
