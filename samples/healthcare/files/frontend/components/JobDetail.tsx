import { ErrorBoundary } from "@/components/ErrorBoundary";
import { ResultFields } from "@/components/ResultView";
import { Skeleton } from "@/components/Skeleton";
import type { AgentResult, Job, Usage } from "@/lib/api";
import { AGENTS, type AgentInfo } from "@/lib/config";

type AgentState = "waiting" | "working" | "done" | "failed" | "stopped";

/** The agent's entry in the job's results, if it has started. */
export function agentResult(job: Job, agent: AgentInfo): AgentResult | undefined {
  return job.results.find((result) => result.agent === agent.name);
}

/**
 * Where the agent is on this job: not started yet (waiting), running (working), completed
 * (done) or failed; an agent that did not finish before the job ended was stopped.
 */
export function agentState(job: Job, agent: AgentInfo): AgentState {
  const result = agentResult(job, agent);
  if (result?.status === "completed") return "done";
  if (result?.status === "failed") return "failed";
  if (job.status === "failed" || job.status === "completed") return "stopped";
  return result ? "working" : "waiting";
}

const STATE_LABEL: Record<AgentState, string> = {
  waiting: "Waiting",
  working: "Working…",
  done: "Done",
  failed: "Failed",
  stopped: "Stopped",
};

function seconds(result: AgentResult): string | null {
  if (!result.finished_at) return null;
  const elapsed = (Date.parse(result.finished_at) - Date.parse(result.started_at)) / 1000;
  return Number.isFinite(elapsed) && elapsed >= 0 ? `${elapsed.toFixed(1)} s` : null;
}

const count = new Intl.NumberFormat("en-US");

/**
 * What model calls used, in words: "3 requests · 1,200 tokens in, 300 out · ~$0.0019".
 * Costs are estimates from the price table in backend/framework (aws_agent_framework/pricing.py).
 */
export function usageText(usage: Usage): string {
  const requests = `${count.format(usage.requests)} request${usage.requests === 1 ? "" : "s"}`;
  const tokens = `${count.format(usage.input_tokens)} tokens in, ${count.format(usage.output_tokens)} out`;
  const cost = usage.cost_usd === null ? "cost unknown" : `~$${usage.cost_usd.toFixed(4)}`;
  return `${requests} · ${tokens} · ${cost}`;
}

function AgentResultView({ job, agent }: { job: Job; agent: AgentInfo }) {
  const state = agentState(job, agent);
  const result = agentResult(job, agent);
  const took = result && seconds(result);
  return (
    <section aria-label={`${agent.name} result`} className="rounded border border-slate-200 bg-white p-4">
      <header className="mb-2 flex items-center justify-between">
        <h3 className="font-semibold">
          {agent.name} <span className="text-sm font-normal text-slate-500">({agent.role})</span>
        </h3>
        <span data-state={state} className="text-sm">
          {STATE_LABEL[state]}
          {took && <span className="text-slate-500"> · {took}</span>}
        </span>
      </header>
      {result && result.usage.requests > 0 && (
        <p className="mb-2 text-xs text-slate-500" title={result.usage.model ?? undefined}>
          {usageText(result.usage)}
        </p>
      )}
      {/* Each result field is drawn by its shape: the score's parameters and the red flags
          are key-value tables, the notes markdown. */}
      {result?.payload ? (
        <ErrorBoundary what={`${agent.name}'s result`}>
          <ResultFields payload={result.payload} />
        </ErrorBoundary>
      ) : state === "failed" ? (
        <p className="text-sm text-red-800">{result?.error ?? "This agent failed."}</p>
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
      {job.usage.requests > 0 && (
        <p className="text-sm text-slate-600" data-testid="job-usage">
          All agents: {usageText(job.usage)}
        </p>
      )}
      {job.quality && (
        <p className="text-sm text-slate-600" data-testid="job-quality" title={`Judged by ${job.quality.judge}`}>
          Quality {job.quality.score.toFixed(2)} of 1 (online judge): {job.quality.reason}
        </p>
      )}
      {job.error_message && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-red-800">
          {job.error_message}
        </p>
      )}
      {AGENTS.map((agent) => (
        <AgentResultView key={agent.name} job={job} agent={agent} />
      ))}
    </div>
  );
}
