import { fireEvent, render, screen, waitFor } from "@testing-library/react";

import { ToastProvider } from "@/components/Toast";
import type { Job, JobEvents } from "@/lib/api";
import { type Auth, AuthContext } from "@/lib/auth";
import { AGENTS } from "@/lib/config";
import Dashboard from "@/pages/dashboard";

const AUTH: Auth = {
  ready: true,
  signedIn: true,
  userName: "Ada",
  getToken: async () => "token",
  signIn: () => undefined,
  signOut: () => undefined,
};

function renderDashboard() {
  return render(
    <AuthContext.Provider value={AUTH}>
      <ToastProvider>
        <Dashboard />
      </ToastProvider>
    </AuthContext.Provider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

test("while the jobs load, a skeleton shows", () => {
  vi.stubGlobal("fetch", () => new Promise(() => undefined));
  renderDashboard();
  expect(screen.getByRole("status", { name: "Loading jobs" })).toBeTruthy();
});

test("a failed API call shows a toast with its message, which can be dismissed", async () => {
  vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ detail: "Database unavailable" }), { status: 503, headers: { "content-type": "application/json" } }));
  renderDashboard();
  const toast = await screen.findByTestId("toast");
  expect(toast.getAttribute("role")).toBe("alert");
  expect(toast.textContent).toMatch(/Database unavailable/);
  expect(screen.getByText(/could not be loaded/)).toBeTruthy();
  fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
  await waitFor(() => expect(screen.queryByTestId("toast")).toBeNull());
});

test("opening a job from the list shows its timeline", async () => {
  const [first] = AGENTS;
  const job: Job = {
    id: "0c7d2a4e-5b61-4f3a-9e12-7a8b9c0d1e2f",
    user_id: "user-1",
    status: "completed",
    request_payload: { question: "How far along?" },
    results: [],
    usage: { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: null },
    error_message: null,
    created_at: "2026-01-02T03:04:05Z",
    started_at: "2026-01-02T03:04:05Z",
    completed_at: "2026-01-02T03:04:09Z",
    updated_at: "2026-01-02T03:04:09Z",
    quality: null,
  };
  const event = { agent: first!.name, tool: null, call_id: null, duration_ms: null };
  const events: JobEvents = {
    job_id: job.id,
    status: "completed",
    now: "2026-01-02T03:05:00Z",
    events: [
      { ...event, at: "2026-01-02T03:04:05Z", kind: "agent_started" },
      { ...event, at: "2026-01-02T03:04:09Z", kind: "agent_finished" },
    ],
  };
  vi.stubGlobal("fetch", async (input: Request | string) => {
    const { pathname } = new URL(typeof input === "string" ? input : input.url);
    const body = pathname === "/jobs" ? { jobs: [job], limit: 20, offset: 0 } : pathname.endsWith("/events") ? events : job;
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  });
  renderDashboard();
  fireEvent.click(await screen.findByRole("button", { name: /How far along\?/ }));
  expect((await screen.findByRole("figure", { name: /Timeline/ })).textContent).toContain("Timeline · 4.0 s");
  expect(screen.getAllByTestId("timeline-bar")).toHaveLength(1);
});
