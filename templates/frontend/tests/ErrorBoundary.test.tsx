import { fireEvent, render, screen } from "@testing-library/react";

import { ErrorBoundary } from "@/components/ErrorBoundary";

let broken = true;
function Fragile() {
  if (broken) throw new Error("cannot draw this");
  return <p>drawn</p>;
}

test("a render error shows a fallback with the message, and Try again renders again", () => {
  const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
  render(
    <ErrorBoundary what="The writer's result">
      <Fragile />
    </ErrorBoundary>,
  );
  const alert = screen.getByRole("alert");
  expect(alert.textContent).toMatch(/The writer's result could not be shown/);
  expect(alert.textContent).toMatch(/cannot draw this/);
  broken = false;
  fireEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(screen.getByText("drawn")).toBeTruthy();
  quiet.mockRestore();
});
