import type { JobEvent, JobEvents } from "@/lib/api";
import { AGENTS } from "@/lib/config";

/** A bar of the timeline: an agent's run, or one of its tool calls; times in ms from the job's first event. */
export type Bar = {
  agent: string;
  kind: "run" | "tool";
  label: string;
  start: number;
  end: number;
  /** Still going: it ends at the server's `now`. */
  open: boolean;
  failed: boolean;
};

/** The bars of a timeline from its events: each start paired with its end, or open until `now`. */
export function timelineBars(events: JobEvent[], now: string): { bars: Bar[]; span: number } {
  if (events.length === 0) return { bars: [], span: 0 };
  const origin = Math.min(...events.map((event) => Date.parse(event.at)));
  const at = (time: string) => Date.parse(time) - origin;
  const bars: Bar[] = [];
  const open = new Map<string, Bar>();
  for (const event of events) {
    const key = event.kind.startsWith("tool") ? `${event.agent} ${event.call_id}` : event.agent;
    if (event.kind === "agent_started" || event.kind === "tool_started") {
      const tool = event.kind === "tool_started";
      const bar: Bar = {
        agent: event.agent,
        kind: tool ? "tool" : "run",
        label: tool ? (event.tool ?? "tool") : `${event.agent} run`,
        start: at(event.at),
        end: at(now),
        open: true,
        failed: false,
      };
      bars.push(bar);
      open.set(key, bar);
    } else {
      const bar = open.get(key);
      if (!bar) continue;
      bar.end = at(event.at);
      bar.open = false;
      bar.failed = event.kind === "agent_failed";
      open.delete(key);
    }
  }
  const span = Math.max(1, at(now), ...bars.map((bar) => bar.end));
  return { bars, span };
}

const secondsOf = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The job's timeline: one row per agent, a light bar for each agent's run and a dark bar for
 * each tool call, growing while they last, so workers running side by side show at a glance.
 * Screen readers get the same bars as a table.
 */
export function Timeline({ timeline }: { timeline: JobEvents }) {
  // A finished job's timeline ends with its last event; a running one's is still growing.
  const done = timeline.status === "completed" || timeline.status === "failed";
  const last = Math.max(...timeline.events.map((event) => Date.parse(event.at)));
  const end = done && Number.isFinite(last) ? new Date(last).toISOString() : timeline.now;
  const { bars, span } = timelineBars(timeline.events, end);
  if (bars.length === 0) return null;
  return (
    <figure aria-labelledby="timeline-title" className="rounded border border-slate-200 bg-white p-4">
      <figcaption id="timeline-title" className="mb-2 font-semibold">
        Timeline <span className="text-sm font-normal text-slate-500">· {secondsOf(span)}</span>
      </figcaption>
      <div aria-hidden="true" className="space-y-2">
        {AGENTS.map((agent) => (
          <div key={agent.name} data-testid="timeline-row" data-agent={agent.name} className="grid grid-cols-[8rem_1fr] items-center gap-2">
            <span className="truncate text-sm">{agent.name}</span>
            <div className="relative h-6 rounded bg-slate-100">
              {bars
                .filter((bar) => bar.agent === agent.name)
                .map((bar, index) => {
                  // Where the bar sits in the row: its start and length as shares of the timeline.
                  const place = {
                    left: `${(bar.start / span) * 100}%`,
                    width: `${Math.max(((bar.end - bar.start) / span) * 100, 0.5)}%`,
                  };
                  return (
                    <div
                      key={index}
                      data-testid="timeline-bar"
                      data-kind={bar.kind}
                      data-start-ms={bar.start}
                      data-end-ms={bar.end}
                      title={`${bar.label}: ${secondsOf(bar.start)} to ${bar.open ? "now" : secondsOf(bar.end)}`}
                      className={`absolute rounded ${
                        bar.kind === "run" ? `inset-y-0 ${bar.failed ? "bg-red-200" : "bg-sky-200"}` : "inset-y-1.5 bg-sky-700"
                      }${bar.open ? " animate-pulse" : ""}`}
                      style={place}
                    />
                  );
                })}
            </div>
          </div>
        ))}
      </div>
      <table className="sr-only">
        <caption>The job&apos;s timeline, in seconds from its start</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">What</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar, index) => (
            <tr key={index}>
              <td>{bar.agent}</td>
              <td>{bar.kind === "run" ? (bar.failed ? "run (failed)" : "run") : `tool ${bar.label}`}</td>
              <td>{secondsOf(bar.start)}</td>
              <td>{bar.open ? "still going" : secondsOf(bar.end)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
