import { render, screen } from "@testing-library/react";

import { Skeleton } from "@/components/Skeleton";

test("a skeleton is a busy status with placeholder lines", () => {
  render(<Skeleton lines={4} label="Loading jobs" />);
  const status = screen.getByRole("status", { name: "Loading jobs" });
  expect(status.getAttribute("aria-busy")).toBe("true");
  expect(screen.getAllByTestId("skeleton-line")).toHaveLength(4);
});
