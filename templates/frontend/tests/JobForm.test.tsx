import { fireEvent, render, screen, waitFor } from "@testing-library/react";

import { JobForm } from "@/components/JobForm";

test("an empty request is refused with a message next to the field", async () => {
  const onSubmit = vi.fn();
  render(<JobForm onSubmit={onSubmit} />);
  fireEvent.click(screen.getByRole("button", { name: "Start job" }));
  expect((await screen.findByRole("alert")).textContent).toMatch(/what the agents should work on/);
  expect(screen.getByLabelText("New job").getAttribute("aria-invalid")).toBe("true");
  expect(onSubmit).not.toHaveBeenCalled();
});

test("a request is submitted and the field cleared; an API error is shown", async () => {
  const onSubmit = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error("question: too long"));
  render(<JobForm onSubmit={onSubmit} />);
  const field = screen.getByLabelText("New job") as HTMLTextAreaElement;
  fireEvent.change(field, { target: { value: "  What now?  " } });
  fireEvent.click(screen.getByRole("button", { name: "Start job" }));
  await waitFor(() => expect(field.value).toBe(""));
  expect(onSubmit).toHaveBeenCalledWith({ question: "What now?" });
  fireEvent.change(field, { target: { value: "again" } });
  fireEvent.click(screen.getByRole("button", { name: "Start job" }));
  expect((await screen.findByRole("alert")).textContent).toBe("question: too long");
});
