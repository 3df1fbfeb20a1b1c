import { render, screen, within } from "@testing-library/react";

import { JobDetail } from "@/components/JobDetail";
import type { AgentResult, Job } from "@/lib/api";
import { AGENTS } from "@/lib/config";

const NO_USAGE = { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: null };

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: "6f1c2b9e-8a51-4d6e-9a43-3c1b7f0e2d11",
    user_id: "user-1",
    status: "running",
    request_payload: { question: "Why?" },
    results: [],
    usage: NO_USAGE,
    error_message: null,
    created_at: "2026-01-02T03:04:05Z",
    started_at: null,
    completed_at: null,
    updated_at: "2026-01-02T03:04:05Z",
    quality: null,
    ...overrides,
  };
}

function result(agent: string, overrides: Partial<AgentResult> = {}): AgentResult {
  return {
    agent,
    status: "running",
    payload: null,
    started_at: "2026-01-02T03:04:05Z",
    finished_at: null,
    error: null,
    usage: { ...NO_USAGE, model: null },
    ...overrides,
  };
}

function section(name: string) {
  return screen.getByRole("region", { name: `${name} result` });
}

test("a finished agent's summary renders as markdown and its lists as lists", () => {
  const [first] = AGENTS;
  const done = result(first!.name, {
    status: "completed",
    payload: { summary: "**Bold** finding", key_points: ["one", "two"] },
    finished_at: "2026-01-02T03:04:07.5Z",
  });
  render(<JobDetail job={job({ results: [done] })} />);
  const mine = section(first!.name);
  expect(within(mine).getByText("Bold").tagName).toBe("STRONG");
  expect(within(mine).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["one", "two"]);
  expect(within(mine).getByText("Done")).toBeTruthy();
  expect(within(mine).getByText(/2\.5 s/)).toBeTruthy();
});

test("while the job runs, a started agent is working and the others wait", () => {
  const [first, ...rest] = AGENTS;
  render(<JobDetail job={job({ results: [result(first!.name)] })} />);
  expect(within(section(first!.name)).getByText("Working…")).toBeTruthy();
  expect(within(section(first!.name)).getByRole("status", { name: `${first!.name} is working` })).toBeTruthy();
  for (const agent of rest) {
    expect(within(section(agent.name)).getByText("Waiting")).toBeTruthy();
  }
});

test("a pending job's agents all wait", () => {
  render(<JobDetail job={job({ status: "pending" })} />);
  expect(screen.getAllByText("Waiting")).toHaveLength(AGENTS.length);
});

test("a failed agent shows its own safe error", () => {
  const [first] = AGENTS;
  const failed = result(first!.name, { status: "failed", error: "The agent failed (request id r-1)." });
  render(<JobDetail job={job({ results: [failed] })} />);
  const mine = section(first!.name);
  expect(within(mine).getByText("Failed")).toBeTruthy();
  expect(within(mine).getByText("The agent failed (request id r-1).")).toBeTruthy();
});

test("a failed job shows its safe message and stops the agents that did not finish", () => {
  const running = AGENTS.map((agent) => result(agent.name));
  render(<JobDetail job={job({ status: "failed", error_message: "The writer agent failed.", results: running })} />);
  expect(screen.getByRole("alert").textContent).toBe("The writer agent failed.");
  expect(screen.getAllByText("Stopped")).toHaveLength(AGENTS.length);
});

test("each agent and the whole job show their model use and estimated cost", () => {
  const [first] = AGENTS;
  const usage = { requests: 2, input_tokens: 1200, output_tokens: 300, cost_usd: 0.00192 };
  const done = result(first!.name, {
    status: "completed",
    payload: { summary: "ok" },
    finished_at: "2026-01-02T03:04:07Z",
    usage: { ...usage, model: "bedrock/us.amazon.nova-pro-v1:0" },
  });
  render(<JobDetail job={job({ status: "completed", results: [done], usage })} />);
  expect(within(section(first!.name)).getByText("2 requests · 1,200 tokens in, 300 out · ~$0.0019")).toBeTruthy();
  expect(screen.getByTestId("job-usage").textContent).toBe("All agents: 2 requests · 1,200 tokens in, 300 out · ~$0.0019");
});

test("a model without a price shows its tokens and says the cost is unknown", () => {
  const usage = { requests: 1, input_tokens: 10, output_tokens: 5, cost_usd: null };
  render(<JobDetail job={job({ usage })} />);
  expect(screen.getByTestId("job-usage").textContent).toBe("All agents: 1 request · 10 tokens in, 5 out · cost unknown");
});

test("a job the online judge scored shows its score and reason; others show none", () => {
  const quality = { score: 0.85, reason: "Answers the question; cites the findings.", judge: "bedrock/us.amazon.nova-pro-v1:0" };
  const { unmount } = render(<JobDetail job={job({ status: "completed", quality })} />);
  const shown = screen.getByTestId("job-quality");
  expect(shown.textContent).toBe("Quality 0.85 of 1 (online judge): Answers the question; cites the findings.");
  expect(shown.getAttribute("title")).toBe("Judged by bedrock/us.amazon.nova-pro-v1:0");
  unmount();
  render(<JobDetail job={job({ status: "completed" })} />);
  expect(screen.queryByTestId("job-quality")).toBeNull();
});
