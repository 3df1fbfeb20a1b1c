import { type FormEvent, useState } from "react";

import type { JobRequest } from "@/lib/api";

type Position = JobRequest["positions"][number];

const EXAMPLE_HOLDINGS = "401k, VTI, 120, 260\n401k, BND, 200, 72.5\ntaxable, AAPL, 80, 190";

/** The holdings typed one per line as `account, symbol, quantity, price`; or the first
 * line that is not, as an error message. */
export function parseHoldings(text: string): Position[] | string {
  const positions: Position[] = [];
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  if (lines.length === 0) return "List at least one holding.";
  for (const [index, line] of lines.entries()) {
    const [account, symbol, quantity, price, ...rest] = line.split(",").map((part) => part.trim());
    const [units, unitPrice] = [Number(quantity), Number(price)];
    const positive = (n: number) => Number.isFinite(n) && n > 0;
    if (!account || !symbol || rest.length > 0 || !positive(units) || !positive(unitPrice)) {
      return `Line ${index + 1} is not "account, symbol, quantity, price" with positive numbers: ${line}`;
    }
    positions.push({ account, symbol: symbol.toUpperCase(), quantity: units, price: unitPrice });
  }
  return positions;
}

/** Starts a job: the portfolio to review, the user's ages and savings, and a question. */
export function JobForm({ onSubmit }: { onSubmit: (request: JobRequest) => Promise<void> }) {
  const [holdings, setHoldings] = useState("");
  const [age, setAge] = useState("40");
  const [retirementAge, setRetirementAge] = useState("65");
  const [contribution, setContribution] = useState("0");
  const [question, setQuestion] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const positions = parseHoldings(holdings);
    if (typeof positions === "string") {
      setError(positions);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        positions,
        age: Number(age),
        retirement_age: Number(retirementAge),
        yearly_contribution: Number(contribution),
        question: question.trim() || "Review my portfolio.",
      });
      setHoldings("");
      setQuestion("");
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  const number = "w-24 rounded border border-slate-300 p-1";
  return (
    <form onSubmit={submit} className="space-y-2 rounded border border-slate-200 bg-white p-4" noValidate>
      <label htmlFor="holdings" className="block font-medium">
        Holdings
      </label>
      <textarea
        id="holdings"
        value={holdings}
        onChange={(event) => setHoldings(event.target.value)}
        rows={4}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "job-error" : "holdings-help"}
        className="w-full rounded border border-slate-300 p-2 font-mono text-sm"
        placeholder={EXAMPLE_HOLDINGS}
      />
      <p id="holdings-help" className="text-sm text-slate-600">
        One per line: account, symbol, quantity, price in USD.
      </p>
      <div className="flex flex-wrap gap-4 text-sm">
        <label>
          Age <input type="number" min={18} max={100} value={age} onChange={(e) => setAge(e.target.value)} className={number} />
        </label>
        <label>
          Retirement age{" "}
          <input type="number" min={18} max={100} value={retirementAge} onChange={(e) => setRetirementAge(e.target.value)} className={number} />
        </label>
        <label>
          Saved each year (USD){" "}
          <input type="number" min={0} value={contribution} onChange={(e) => setContribution(e.target.value)} className={number} />
        </label>
      </div>
      <label htmlFor="question" className="block text-sm">
        Question (optional)
      </label>
      <input
        id="question"
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        maxLength={4000}
        className="w-full rounded border border-slate-300 p-2"
        placeholder="Am I diversified enough?"
      />
      {error && (
        <p id="job-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-50">
        {busy ? "Starting…" : "Review portfolio"}
      </button>
    </form>
  );
}
