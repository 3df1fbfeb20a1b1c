import { fireEvent, render, screen, waitFor } from "@testing-library/react";

import { JobForm, parseHoldings } from "@/components/JobForm";

test("holdings are read one per line, and the first bad line is named", () => {
  expect(parseHoldings("401k, vti, 10, 250.5\n\n taxable,BND,2,70 ")).toEqual([
    { account: "401k", symbol: "VTI", quantity: 10, price: 250.5 },
    { account: "taxable", symbol: "BND", quantity: 2, price: 70 },
  ]);
  expect(parseHoldings("")).toBe("List at least one holding.");
  expect(parseHoldings("401k, VTI, 10, 250\n401k, BND, -2, 70")).toMatch(/^Line 2 is not/);
  expect(parseHoldings("401k, VTI, ten, 250")).toMatch(/^Line 1 is not/);
});

test("an empty portfolio is refused with a message next to the field", async () => {
  const onSubmit = vi.fn();
  render(<JobForm onSubmit={onSubmit} />);
  fireEvent.click(screen.getByRole("button", { name: "Review portfolio" }));
  expect((await screen.findByRole("alert")).textContent).toBe("List at least one holding.");
  expect(screen.getByLabelText("Holdings").getAttribute("aria-invalid")).toBe("true");
  expect(onSubmit).not.toHaveBeenCalled();
});

test("a portfolio is submitted with the ages and the field cleared; an API error is shown", async () => {
  const onSubmit = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error("age: too low"));
  render(<JobForm onSubmit={onSubmit} />);
  const holdings = screen.getByLabelText("Holdings") as HTMLTextAreaElement;
  fireEvent.change(holdings, { target: { value: "401k, VTI, 10, 250" } });
  fireEvent.change(screen.getByLabelText("Age"), { target: { value: "50" } });
  fireEvent.click(screen.getByRole("button", { name: "Review portfolio" }));
  await waitFor(() => expect(holdings.value).toBe(""));
  expect(onSubmit).toHaveBeenCalledWith({
    positions: [{ account: "401k", symbol: "VTI", quantity: 10, price: 250 }],
    age: 50,
    retirement_age: 65,
    yearly_contribution: 0,
    question: "Review my portfolio.",
  });
  fireEvent.change(holdings, { target: { value: "401k, VTI, 1, 1" } });
  fireEvent.click(screen.getByRole("button", { name: "Review portfolio" }));
  expect((await screen.findByRole("alert")).textContent).toBe("age: too low");
});
