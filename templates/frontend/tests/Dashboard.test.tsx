import { fireEvent, render, screen, waitFor } from "@testing-library/react";

import { ToastProvider } from "@/components/Toast";
import { type Auth, AuthContext } from "@/lib/auth";
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
