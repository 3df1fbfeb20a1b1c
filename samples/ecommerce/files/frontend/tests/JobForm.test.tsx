import { fireEvent, render, screen, waitFor } from "@testing-library/react";

import { JobForm, parseCart } from "@/components/JobForm";

test("the cart is read as SKUs, and the first that is not one is named", () => {
  expect(parseCart(" boot-01, SOCK-01  bag-01 ")).toEqual(["BOOT-01", "SOCK-01", "BAG-01"]);
  expect(parseCart("")).toEqual([]);
  expect(parseCart("BOOT-01, boots")).toBe('"BOOTS" is not a SKU like JKT-01.');
});

test("an empty search is refused with a message next to the field", async () => {
  const onSubmit = vi.fn();
  render(<JobForm onSubmit={onSubmit} />);
  fireEvent.click(screen.getByRole("button", { name: "Find gear" }));
  expect((await screen.findByRole("alert")).textContent).toBe("Say what you are looking for.");
  expect(screen.getByLabelText("Looking for").getAttribute("aria-invalid")).toBe("true");
  expect(onSubmit).not.toHaveBeenCalled();
});

test("a search is submitted with the budget and cart and the field cleared; an API error is shown", async () => {
  const onSubmit = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error("query: card number"));
  render(<JobForm onSubmit={onSubmit} />);
  const query = screen.getByLabelText("Looking for") as HTMLInputElement;
  fireEvent.change(query, { target: { value: " rain jacket " } });
  fireEvent.change(screen.getByLabelText("In the cart"), { target: { value: "boot-01" } });
  fireEvent.click(screen.getByRole("button", { name: "Find gear" }));
  await waitFor(() => expect(query.value).toBe(""));
  expect(onSubmit).toHaveBeenCalledWith({ query: "rain jacket", budget: 150, cart: ["BOOT-01"] });
  fireEvent.change(query, { target: { value: "jacket" } });
  fireEvent.click(screen.getByRole("button", { name: "Find gear" }));
  expect((await screen.findByRole("alert")).textContent).toBe("query: card number");
});
