import ReactMarkdown from "react-markdown";

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

function Value({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    return (
      <ul className="list-disc pl-5">
        {value.map((item, index) => (
          <li key={index}>{typeof item === "string" ? item : JSON.stringify(item)}</li>
        ))}
      </ul>
    );
  }
  return <p>{typeof value === "string" ? value : JSON.stringify(value)}</p>;
}

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
      {payload && (
        <div className="prose prose-sm max-w-none space-y-2">
          {typeof payload.summary === "string" && <ReactMarkdown>{payload.summary}</ReactMarkdown>}
          {Object.entries(payload)
            .filter(([key]) => key !== "summary")
            .map(([key, value]) => (
              <div key={key}>
                <h4 className="text-sm font-medium text-slate-600">{key.replaceAll("_", " ")}</h4>
                <Value value={value} />
              </div>
            ))}
        </div>
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
