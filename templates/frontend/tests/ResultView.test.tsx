import { render, screen, within } from "@testing-library/react";

import { isChartData } from "@/components/Chart";
import { ResultFields, ResultValue } from "@/components/ResultView";

// A scripted result with every shape the renderer knows.
const RESULT = {
  summary: "The **short** answer.",
  key_points: ["first", "second"],
  sources: [
    { title: "Guide", url: "https://example.com/guide", score: 0.9 },
    { title: "FAQ", url: "https://example.com/faq", score: 0.7 },
  ],
  chart: { kind: "bar", title: "Mentions", labels: ["Q1", "Q2", "Q3"], series: [{ name: "2025", values: [3, 5, 2] }, { name: "2026", values: [4, 1, 6] }] },
  details: { confidence: "high", reviewed: true, pages: 12 },
};

test("a string renders as markdown", () => {
  render(<ResultFields payload={RESULT} />);
  expect(screen.getByText("short").tagName).toBe("STRONG");
});

test("an array of scalars renders as a list", () => {
  render(<ResultFields payload={RESULT} />);
  const list = screen.getByRole("list");
  expect(within(list).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["first", "second"]);
});

test("an array of objects renders as a table with a column per key", () => {
  render(<ResultValue value={RESULT.sources} />);
  const table = screen.getByRole("table");
  expect(within(table).getAllByRole("columnheader").map((cell) => cell.textContent)).toEqual(["title", "url", "score"]);
  const rows = within(table).getAllByRole("row").slice(1);
  expect(rows.map((row) => within(row).getAllByRole("cell")[0]!.textContent)).toEqual(["Guide", "FAQ"]);
  expect(within(rows[0]!).getByText("0.9")).toBeTruthy();
});

test("another object renders as a key–value table, recursively", () => {
  const value = { ...RESULT.details, nested: { deeper: ["x", "y"] } };
  render(<ResultValue value={value} />);
  const [outer] = screen.getAllByRole("table");
  expect(within(outer!).getByRole("rowheader", { name: "confidence" })).toBeTruthy();
  expect(within(outer!).getByText("Yes")).toBeTruthy();
  expect(within(outer!).getByRole("rowheader", { name: "deeper" })).toBeTruthy();
  expect(screen.getAllByRole("listitem").map((item) => item.textContent)).toEqual(["x", "y"]);
});

test("a field with the chart shape renders as a bar chart: one bar per label and series", () => {
  render(<ResultFields payload={RESULT} />);
  const chart = screen.getByRole("img", { name: "Mentions (bar chart)" });
  const bars = chart.querySelectorAll("[data-testid=chart-mark]");
  expect(bars).toHaveLength(6);
  expect(bars[0]!.querySelector("title")!.textContent).toBe("Q1 · 2025: 3");
  expect(screen.getByText("2026")).toBeTruthy();
});

test("line and pie charts draw a mark per point or slice", () => {
  const line = { ...RESULT.chart, kind: "line", title: undefined };
  const pie = { kind: "pie", labels: ["yes", "no"], series: [{ name: "votes", values: [3, 1] }] };
  const { rerender } = render(<ResultValue value={line} />);
  expect(screen.getByRole("img", { name: "Chart (line chart)" }).querySelectorAll("circle")).toHaveLength(6);
  rerender(<ResultValue value={pie} />);
  const drawn = screen.getByRole("img", { name: "Chart (pie chart)" });
  expect([...drawn.querySelectorAll("path title")].map((title) => title.textContent)).toEqual(["yes: 3", "no: 1"]);
});

test("only the declared chart shape is a chart", () => {
  expect(isChartData(RESULT.chart)).toBe(true);
  expect(isChartData({ ...RESULT.chart, kind: "radar" })).toBe(false);
  expect(isChartData({ ...RESULT.chart, series: [{ name: "x", values: ["1"] }] })).toBe(false);
  expect(isChartData({ kind: "bar", labels: [] })).toBe(false);
});
