import { ErrorBoundary } from "@/components/ErrorBoundary";
import { ResultFields } from "@/components/ResultView";
import { Skeleton } from "@/components/Skeleton";
import type { Job } from "@/lib/api";
import { AGENTS, type AgentInfo } from "@/lib/config";

type AgentState = "waiting" | "working" | "done" | "stopped";

export function agentState(job: Job, agent: AgentInfo): AgentState {
  if (job[agent.payloadKey]) return "done";
  if (job.status === "failed" || job.status === "completed") return "stopped";
  return job.status === "running" ? "working" : "waiting";
}

const STATE_LABEL: Record<AgentState, string> = {
  waiting: "Waiting",
  working: "Working…",
  done: "Done",
  stopped: "Stopped",
};

function AgentResult({ job, agent }: { job: Job; agent: AgentInfo }) {
  const state = agentState(job, agent);
  const payload = job[agent.payloadKey] as Record<string, unknown> | null | undefined;
  return (
    <section aria-label={`${agent.name} result`} className="rounded border border-slate-200 bg-white p-4">
      <header className="mb-2 flex items-center justify-between">
        <h3 className="font-semibold">
          {agent.name} <span className="text-sm font-normal text-slate-500">({agent.role})</span>
        </h3>
        <span data-state={state} className="text-sm">
          {STATE_LABEL[state]}
        </span>
      </header>
      {/* TODO(domain): render your agents' result fields your way: switch on agent.name (or a
          field) and return your own component here. By default ResultFields draws each field by
          its shape: string → markdown, array of scalars → list, array of objects → table,
          {kind: "bar" | "line" | "pie", labels, series: [{name, values}]} → chart, object → key–value table. */}
      {payload ? (
        <ErrorBoundary what={`${agent.name}'s result`}>
          <ResultFields payload={payload} />
        </ErrorBoundary>
      ) : (
        state === "working" && <Skeleton lines={2} label={`${agent.name} is working`} />
      )}
    </section>
  );
}

export function JobDetail({ job }: { job: Job }) {
  return (
    <div className="space-y-3">
      <p>
        Job <code className="text-sm">{job.id}</code>: <strong data-testid="job-status">{job.status}</strong>
      </p>
      {job.error_message && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-red-800">
          {job.error_message}
        </p>
      )}
      {AGENTS.map((agent) => (
        <AgentResult key={agent.name} job={job} agent={agent} />
      ))}
    </div>
  );
}
