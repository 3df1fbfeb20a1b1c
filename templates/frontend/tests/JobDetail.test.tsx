import { render, screen, within } from "@testing-library/react";

import { JobDetail } from "@/components/JobDetail";
import type { Job } from "@/lib/api";
import { AGENTS } from "@/lib/config";

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: "6f1c2b9e-8a51-4d6e-9a43-3c1b7f0e2d11",
    user_id: "user-1",
    status: "running",
    request_payload: { question: "Why?" },
    error_message: null,
    created_at: "2026-01-02T03:04:05Z",
    started_at: null,
    completed_at: null,
    updated_at: "2026-01-02T03:04:05Z",
    ...overrides,
  } as Job;
}

test("a finished agent's summary renders as markdown and its lists as lists", () => {
  const [first] = AGENTS;
  render(<JobDetail job={job({ [first!.payloadKey]: { summary: "**Bold** finding", key_points: ["one", "two"] } })} />);
  const section = screen.getByRole("region", { name: `${first!.name} result` });
  expect(within(section).getByText("Bold").tagName).toBe("STRONG");
  expect(within(section).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["one", "two"]);
  expect(within(section).getByText("Done")).toBeTruthy();
});

test("every agent has a section, working while the job runs", () => {
  render(<JobDetail job={job()} />);
  for (const agent of AGENTS) {
    const section = screen.getByRole("region", { name: `${agent.name} result` });
    expect(within(section).getByText("Working…")).toBeTruthy();
  }
});

test("a failed job shows its safe message and stops the agents that did not finish", () => {
  render(<JobDetail job={job({ status: "failed", error_message: "The writer agent failed." })} />);
  expect(screen.getByRole("alert").textContent).toBe("The writer agent failed.");
  expect(screen.getAllByText("Stopped")).toHaveLength(AGENTS.length);
});
