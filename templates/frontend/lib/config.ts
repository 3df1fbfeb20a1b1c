// Build-time settings (NEXT_PUBLIC_* are baked into the static site) and the app's agents.
import type { Job } from "./api";

export const API_URL = (process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:8000").replace(/\/$/, "");

/** "local": the development sign-in a local API accepts; otherwise the real provider. */
export const AUTH_MODE: "local" | "{{ auth_provider }}" =
  process.env.NEXT_PUBLIC_AUTH_MODE === "local" ? "local" : "{{ auth_provider }}";

export const APP_TITLE = {{ app_title | ts }};
export const APP_DESCRIPTION = {{ app_description | ts }};

export interface AgentInfo {
  name: string;
  role: "orchestrator" | "worker";
  description: string;
  /** The Job field holding this agent's result: a type error here means the API changed. */
  payloadKey: keyof Job;
}

/** Orchestrator first, then the workers, as in backend/database/models.py. */
export const AGENTS: readonly AgentInfo[] = [
  {
    name: "{{ orchestrator.name }}",
    role: "orchestrator",
    description: {{ (orchestrator.description or "Runs each job and writes the summary.") | ts }},
    payloadKey: "{{ orchestrator.name }}_payload",
  },
{% for worker in workers %}
  {
    name: "{{ worker.name }}",
    role: "worker",
    description: {{ (worker.description or ("The " ~ worker.name ~ " agent.")) | ts }},
    payloadKey: "{{ worker.name }}_payload",
  },
{% endfor %}
];
