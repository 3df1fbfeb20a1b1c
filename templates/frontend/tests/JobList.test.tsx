import { fireEvent, render, screen } from "@testing-library/react";
import { vi } from "vitest";

import { JobList, agentProgress } from "@/components/JobList";
import type { Job } from "@/lib/api";
import { AGENTS } from "@/lib/config";

const NO_USAGE = { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: null };

const JOB: Job = {
  id: "0c7d2a4e-5b61-4f3a-9e12-7a8b9c0d1e2f",
  user_id: "user-1",
  status: "running",
  request_payload: { question: "How far along?" },
  results: [],
  usage: NO_USAGE,
  error_message: null,
  created_at: "2026-01-02T03:04:05Z",
  started_at: "2026-01-02T03:04:05Z",
  completed_at: null,
  updated_at: "2026-01-02T03:04:05Z",
  quality: null,
};

test("each job shows how many agents are done", () => {
  const [first] = AGENTS;
  const started = {
    started_at: JOB.created_at,
    payload: null,
    finished_at: null,
    error: null,
    usage: { ...NO_USAGE, model: null },
  };
  const job: Job = {
    ...JOB,
    results: [
      { ...started, agent: first!.name, status: "completed", payload: { summary: "ok" }, finished_at: JOB.created_at },
      { ...started, agent: "not_an_agent_of_this_app", status: "completed" },
    ],
  };
  expect(agentProgress(JOB)).toBe(`0/${AGENTS.length} agents done`);
  expect(agentProgress(job)).toBe(`1/${AGENTS.length} agents done`);

  const onSelect = vi.fn();
  render(<JobList jobs={[job]} selectedId={null} onSelect={onSelect} />);
  expect(screen.getByText(new RegExp(`running · 1/${AGENTS.length} agents done`))).toBeTruthy();
  fireEvent.click(screen.getByText("How far along?"));
  expect(onSelect).toHaveBeenCalledWith(JOB.id);
});

test("no jobs yet says how to start one", () => {
  render(<JobList jobs={[]} selectedId={null} onSelect={() => {}} />);
  expect(screen.getByText(/No jobs yet/)).toBeTruthy();
});
