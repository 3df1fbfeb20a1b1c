import { render, screen } from "@testing-library/react";

import { Timeline, timelineBars } from "@/components/Timeline";
import type { JobEvent, JobEvents } from "@/lib/api";
import { AGENTS } from "@/lib/config";

const T0 = Date.parse("2026-01-02T03:04:05Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function event(agent: string, kind: JobEvent["kind"], seconds: number, tool: string | null = null): JobEvent {
  return { at: at(seconds), agent, kind, tool, call_id: tool ? `${agent}-${tool}` : null, duration_ms: null };
}

function timelineOf(status: JobEvents["status"], now: number, events: JobEvent[]): JobEvents {
  return { job_id: "6f1c2b9e-8a51-4d6e-9a43-3c1b7f0e2d11", status, now: at(now), events };
}

test("each start is paired with its end; what has not ended runs until now", () => {
  const { bars, span } = timelineBars(
    [
      event("boss", "agent_started", 0),
      event("boss", "tool_started", 0.5, "run_helper"),
      event("helper", "agent_started", 1),
      event("helper", "agent_failed", 3),
      event("boss", "tool_finished", 3.5, "run_helper"),
    ],
    at(4),
  );
  expect(span).toBe(4000);
  expect(bars.map(({ agent, kind, start, end, open, failed }) => [agent, kind, start, end, open, failed])).toEqual([
    ["boss", "run", 0, 4000, true, false],
    ["boss", "tool", 500, 3500, false, false],
    ["helper", "run", 1000, 3000, false, true],
  ]);
  expect(timelineBars([], at(1))).toEqual({ bars: [], span: 0 });
});

test("a row per agent, bars placed by time, and the same as a table for screen readers", () => {
  const [first] = AGENTS;
  const events = [event(first!.name, "agent_started", 0), event(first!.name, "tool_started", 1, "read_job_request")];
  render(<Timeline timeline={timelineOf("running", 2, events)} />);
  expect(screen.getAllByTestId("timeline-row").map((row) => row.dataset.agent)).toEqual(AGENTS.map((a) => a.name));
  const [run, tool] = screen.getAllByTestId("timeline-bar");
  expect([run!.dataset.kind, run!.style.left, run!.style.width]).toEqual(["run", "0%", "100%"]);
  expect([tool!.dataset.kind, tool!.style.left, tool!.style.width]).toEqual(["tool", "50%", "50%"]);
  expect(screen.getByRole("figure", { name: /Timeline/ })).toBeTruthy();
  const rows = screen.getAllByRole("row").map((row) => row.textContent);
  expect(rows).toContain(`${first!.name}run0.0 sstill going`);
  expect(rows).toContain(`${first!.name}tool read_job_request1.0 sstill going`);
});

test("a finished job's timeline ends with its last event, not the server's time", () => {
  const [first] = AGENTS;
  const events = [event(first!.name, "agent_started", 0), event(first!.name, "agent_finished", 4)];
  render(<Timeline timeline={timelineOf("completed", 60, events)} />);
  expect(screen.getByRole("figure").textContent).toContain("Timeline · 4.0 s");
  expect(screen.getByTestId("timeline-bar").style.width).toBe("100%");
});
