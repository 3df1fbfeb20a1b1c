// A small chart drawn as SVG: no chart library to download, nothing to load at run
// time, and it renders (and is testable) wherever React renders, jsdom included.
// A result field is drawn as a chart when it has this shape (see isChartData).

export type ChartKind = "bar" | "line" | "pie";

export interface ChartSeries {
  name: string;
  values: number[];
}

export interface ChartData {
  kind: ChartKind;
  labels: string[];
  series: ChartSeries[];
  title?: string;
}

const KINDS: readonly string[] = ["bar", "line", "pie"];
const COLORS = ["#2563eb", "#db2777", "#16a34a", "#ea580c", "#7c3aed", "#0891b2", "#ca8a04", "#475569"];
const WIDTH = 480;
const HEIGHT = 240;
const PAD = 32;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a result value declares chart data:
 * `{kind: "bar" | "line" | "pie", labels: string[], series: [{name, values: number[]}], title?}`. */
export function isChartData(value: unknown): value is ChartData {
  if (!isRecord(value)) return false;
  const { kind, labels, series, title } = value;
  return (
    typeof kind === "string" &&
    KINDS.includes(kind) &&
    Array.isArray(labels) &&
    labels.every((label) => typeof label === "string") &&
    Array.isArray(series) &&
    series.length > 0 &&
    series.every(
      (item) =>
        isRecord(item) &&
        typeof item.name === "string" &&
        Array.isArray(item.values) &&
        item.values.every((number) => typeof number === "number" && Number.isFinite(number)),
    ) &&
    (title === undefined || typeof title === "string")
  );
}

function color(index: number): string {
  return COLORS[index % COLORS.length]!;
}

function scale(data: ChartData) {
  const values = data.series.flatMap((item) => item.values);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const plot = HEIGHT - 2 * PAD;
  return { max, min, y: (value: number) => PAD + ((max - value) / span) * plot };
}

function Axes({ data }: { data: ChartData }) {
  const { max, min, y } = scale(data);
  return (
    <g className="text-slate-500" fontSize="10" fill="currentColor">
      <line x1={PAD} x2={WIDTH - PAD / 2} y1={y(0)} y2={y(0)} stroke="currentColor" />
      <text x={PAD - 4} y={y(max) + 3} textAnchor="end">
        {max}
      </text>
      {min < 0 && (
        <text x={PAD - 4} y={y(min) + 3} textAnchor="end">
          {min}
        </text>
      )}
      {data.labels.map((label, index) => (
        <text key={index} x={PAD + ((index + 0.5) * (WIDTH - 1.5 * PAD)) / data.labels.length} y={HEIGHT - PAD / 2} textAnchor="middle">
          {label}
        </text>
      ))}
    </g>
  );
}

function Bars({ data }: { data: ChartData }) {
  const { y } = scale(data);
  const group = (WIDTH - 1.5 * PAD) / Math.max(1, data.labels.length);
  const bar = (group * 0.8) / data.series.length;
  return (
    <g>
      {data.labels.map((label, index) =>
        data.series.map((item, seriesIndex) => {
          const value = item.values[index] ?? 0;
          const top = Math.min(y(value), y(0));
          return (
            <rect
              key={`${index}-${seriesIndex}`}
              data-testid="chart-mark"
              x={PAD + index * group + group * 0.1 + seriesIndex * bar}
              y={top}
              width={bar}
              height={Math.abs(y(value) - y(0))}
              fill={color(seriesIndex)}
            >
              <title>{`${label} · ${item.name}: ${value}`}</title>
            </rect>
          );
        }),
      )}
    </g>
  );
}

function Lines({ data }: { data: ChartData }) {
  const { y } = scale(data);
  const step = (WIDTH - 1.5 * PAD) / Math.max(1, data.labels.length);
  const x = (index: number) => PAD + (index + 0.5) * step;
  return (
    <g>
      {data.series.map((item, seriesIndex) => (
        <g key={seriesIndex}>
          <polyline
            fill="none"
            stroke={color(seriesIndex)}
            strokeWidth="2"
            points={item.values.map((value, index) => `${x(index)},${y(value)}`).join(" ")}
          />
          {item.values.map((value, index) => (
            <circle key={index} data-testid="chart-mark" cx={x(index)} cy={y(value)} r="3" fill={color(seriesIndex)}>
              <title>{`${data.labels[index] ?? index} · ${item.name}: ${value}`}</title>
            </circle>
          ))}
        </g>
      ))}
    </g>
  );
}

function Pie({ data }: { data: ChartData }) {
  const values = (data.series[0]?.values ?? []).map((value) => Math.max(0, value));
  const total = values.reduce((sum, value) => sum + value, 0) || 1;
  const [cx, cy, r] = [WIDTH / 2, HEIGHT / 2, HEIGHT / 2 - PAD / 2];
  // Each slice's start and end angle, from 12 o'clock clockwise.
  const ends = values.map((_, index) => -Math.PI / 2 + (values.slice(0, index + 1).reduce((sum, value) => sum + value, 0) / total) * 2 * Math.PI);
  return (
    <g>
      {values.map((value, index) => {
        const angle = ends[index]!;
        const start = index === 0 ? -Math.PI / 2 : ends[index - 1]!;
        const sweep = angle - start;
        const label = `${data.labels[index] ?? index}: ${value}`;
        if (sweep >= 2 * Math.PI - 1e-9) {
          return (
            <circle key={index} data-testid="chart-mark" cx={cx} cy={cy} r={r} fill={color(index)}>
              <title>{label}</title>
            </circle>
          );
        }
        const [x1, y1] = [cx + r * Math.cos(start), cy + r * Math.sin(start)];
        const [x2, y2] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
        const large = sweep > Math.PI ? 1 : 0;
        return (
          <path key={index} data-testid="chart-mark" d={`M${cx},${cy} L${x1},${y1} A${r},${r} 0 ${large} 1 ${x2},${y2} Z`} fill={color(index)}>
            <title>{label}</title>
          </path>
        );
      })}
    </g>
  );
}

export function Chart({ data }: { data: ChartData }) {
  const label = `${data.title ?? "Chart"} (${data.kind} chart)`;
  const legend = data.kind === "pie" ? data.labels : data.series.map((item) => item.name);
  return (
    <figure className="not-prose my-2">
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full max-w-xl">
        <title>{label}</title>
        {data.kind !== "pie" && <Axes data={data} />}
        {data.kind === "bar" && <Bars data={data} />}
        {data.kind === "line" && <Lines data={data} />}
        {data.kind === "pie" && <Pie data={data} />}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-slate-600">
        {data.title && <span className="font-medium">{data.title}</span>}
        {legend.map((name, index) => (
          <span key={index} className="inline-flex items-center gap-1">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={color(index)} />
            </svg>
            {name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
