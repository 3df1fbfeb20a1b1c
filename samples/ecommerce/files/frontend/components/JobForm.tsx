import { type FormEvent, useState } from "react";

import type { JobRequest } from "@/lib/api";

const SKU = /^[A-Z]+-[0-9]{2}$/;

/** The cart typed as SKUs separated by commas or spaces; or the first that is not a SKU,
 * as an error message. */
export function parseCart(text: string): string[] | string {
  const skus = text.split(/[\s,]+/).filter(Boolean).map((sku) => sku.toUpperCase());
  const bad = skus.find((sku) => !SKU.test(sku));
  return bad ? `"${bad}" is not a SKU like JKT-01.` : skus;
}

/** Starts a job: what the shopper is looking for, the most to pay for one item and the
 * cart. */
export function JobForm({ onSubmit }: { onSubmit: (request: JobRequest) => Promise<void> }) {
  const [query, setQuery] = useState("");
  const [budget, setBudget] = useState("150");
  const [cart, setCart] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const skus = parseCart(cart);
    const most = Number(budget);
    const problem = !query.trim()
      ? "Say what you are looking for."
      : !(most > 0)
        ? "The budget must be more than 0."
        : typeof skus === "string"
          ? skus
          : null;
    if (problem || typeof skus === "string") {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ query: query.trim(), budget: most, cart: skus });
      setQuery("");
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-2 rounded border border-slate-200 bg-white p-4" noValidate>
      <label htmlFor="query" className="block font-medium">
        Looking for
      </label>
      <input
        id="query"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        maxLength={500}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "job-error" : undefined}
        className="w-full rounded border border-slate-300 p-2"
        placeholder="A waterproof rain jacket for hiking"
      />
      <div className="flex flex-wrap gap-4 text-sm">
        <label>
          Budget per item (USD){" "}
          <input type="number" min={1} value={budget} onChange={(e) => setBudget(e.target.value)} className="w-24 rounded border border-slate-300 p-1" />
        </label>
        <label>
          In the cart{" "}
          <input value={cart} onChange={(e) => setCart(e.target.value)} className="w-48 rounded border border-slate-300 p-1 font-mono" placeholder="BOOT-01, SOCK-01" />
        </label>
      </div>
      {error && (
        <p id="job-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-50">
        {busy ? "Starting…" : "Find gear"}
      </button>
    </form>
  );
}
