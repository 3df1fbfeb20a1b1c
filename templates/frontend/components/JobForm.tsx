import { type FormEvent, useState } from "react";

import type { JobRequest } from "@/lib/api";

/** Starts a job. TODO(domain): Add inputs for the fields you give JobRequest in
 * backend/database/schemas.py, and include them in the request below. */
export function JobForm({ onSubmit }: { onSubmit: (request: JobRequest) => Promise<void> }) {
  const [question, setQuestion] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!question.trim()) {
      setError("Write what the agents should work on.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ question: question.trim() });
      setQuestion("");
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-2 rounded border border-slate-200 bg-white p-4" noValidate>
      <label htmlFor="question" className="block font-medium">
        New job
      </label>
      <textarea
        id="question"
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        rows={3}
        maxLength={4000}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "job-error" : undefined}
        className="w-full rounded border border-slate-300 p-2"
        placeholder="What should the agents work on?"
      />
      {error && (
        <p id="job-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-50">
        {busy ? "Starting…" : "Start job"}
      </button>
    </form>
  );
}
