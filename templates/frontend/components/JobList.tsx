import type { Job } from "@/lib/api";
import { AGENTS } from "@/lib/config";

/** How many of the app's agents finished their part of the job, e.g. "2/3 agents done". */
export function agentProgress(job: Job): string {
  const names = new Set(AGENTS.map((agent) => agent.name));
  const done = job.results.filter((result) => result.status === "completed" && names.has(result.agent)).length;
  return `${done}/${AGENTS.length} agents done`;
}

export function JobList({
  jobs,
  selectedId,
  onSelect,
}: {
  jobs: Job[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  if (jobs.length === 0) {
    return <p className="text-sm text-slate-500">No jobs yet: start one above.</p>;
  }
  return (
    <ul aria-label="Your jobs" className="divide-y divide-slate-200 rounded border border-slate-200 bg-white">
      {jobs.map((job) => (
        <li key={job.id}>
          <button
            type="button"
            onClick={() => onSelect(job.id)}
            aria-current={job.id === selectedId ? "true" : undefined}
            className="flex w-full items-center justify-between gap-3 px-4 py-2 text-left hover:bg-slate-50 aria-[current=true]:bg-slate-100"
          >
            <span className="truncate">{String(job.request_payload.question ?? job.id)}</span>
            <span className="shrink-0 text-xs text-slate-500">
              {job.status} · {agentProgress(job)} · {new Date(job.created_at).toLocaleString()}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
