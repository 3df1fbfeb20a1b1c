// Renders an agent's result by its shape, recursively:
//   string → markdown, number/boolean → text, array of scalars → list,
//   array of objects → table, object with the chart shape (see Chart.tsx) → chart,
//   other objects → key–value table.
import ReactMarkdown, { type Components } from "react-markdown";

import { Chart, isChartData } from "@/components/Chart";

// In a table cell a one-line string stays inline (no paragraph margins).
const INLINE: Components = { p: ({ children }) => <span>{children}</span> };

type Scalar = string | number | boolean | null | undefined;

function isScalar(value: unknown): value is Scalar {
  return value === null || value === undefined || ["string", "number", "boolean"].includes(typeof value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field name as a heading: `key_points` → "key points". */
export function fieldLabel(key: string): string {
  return key.replaceAll("_", " ");
}

function ScalarText({ value }: { value: Scalar }) {
  if (value === null || value === undefined) return <span className="text-slate-400">—</span>;
  if (typeof value === "boolean") return <span>{value ? "Yes" : "No"}</span>;
  if (typeof value === "number") return <span>{value.toLocaleString()}</span>;
  return <span>{value}</span>;
}

function Table({ rows }: { rows: Record<string, unknown>[] }) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <div className="not-prose overflow-x-auto">
      <table className="min-w-full border-collapse text-sm">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className="border-b border-slate-300 px-2 py-1 text-left font-medium capitalize">
                {fieldLabel(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} className="odd:bg-slate-50">
              {columns.map((column) => (
                <td key={column} className="border-b border-slate-200 px-2 py-1 align-top">
                  <ResultValue value={row[column]} inline />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KeyValueTable({ value }: { value: Record<string, unknown> }) {
  return (
    <div className="not-prose overflow-x-auto">
      <table className="min-w-full border-collapse text-sm">
        <tbody>
          {Object.entries(value).map(([key, item]) => (
            <tr key={key}>
              <th scope="row" className="border-b border-slate-200 px-2 py-1 text-left align-top font-medium capitalize text-slate-600">
                {fieldLabel(key)}
              </th>
              <td className="border-b border-slate-200 px-2 py-1 align-top">
                <ResultValue value={item} inline />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One value of a result, drawn by its shape. `inline` keeps strings in table cells plain-ish. */
export function ResultValue({ value, inline = false }: { value: unknown; inline?: boolean }) {
  if (typeof value === "string") {
    return inline && !value.includes("\n") ? <ReactMarkdown components={INLINE}>{value}</ReactMarkdown> : <ReactMarkdown>{value}</ReactMarkdown>;
  }
  if (isScalar(value)) return <ScalarText value={value} />;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-400">None</span>;
    if (value.every((item) => isRecord(item) && !isChartData(item))) {
      return <Table rows={value as Record<string, unknown>[]} />;
    }
    return (
      <ul className="list-disc pl-5">
        {value.map((item, index) => (
          <li key={index}>
            <ResultValue value={item} inline />
          </li>
        ))}
      </ul>
    );
  }
  if (isChartData(value)) return <Chart data={value} />;
  if (isRecord(value)) return <KeyValueTable value={value} />;
  return <span>{String(value)}</span>;
}

/** A whole result payload: its `summary` first, then every other field under its name. */
export function ResultFields({ payload }: { payload: Record<string, unknown> }) {
  const { summary, ...rest } = payload;
  return (
    <div className="prose prose-sm max-w-none space-y-2">
      {summary !== undefined && <ResultValue value={summary} />}
      {Object.entries(rest).map(([key, value]) => (
        <div key={key}>
          <h4 className="text-sm font-medium capitalize text-slate-600">{fieldLabel(key)}</h4>
          <ResultValue value={value} />
        </div>
      ))}
    </div>
  );
}
