// Build-time settings (NEXT_PUBLIC_* are baked into the static site) and the app's agents.
export const API_URL = (process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:8000").replace(/\/$/, "");

export type AuthMode = "local" | "{{ auth_provider }}";

/**
 * The sign-in a build uses, from NEXT_PUBLIC_AUTH_MODE: "local" (the development sign-in
 * only a local API accepts) or "{{ auth_provider }}". A production build (`next build`)
 * must name it — `make deploy-frontend` does — so a copied .env.local cannot ship local
 * sign-in by accident; `next dev` and tests default to {{ auth_provider }}.
 */
export function authMode(value: string | undefined, nodeEnv: string | undefined): AuthMode {
  if (value === "local" || value === "{{ auth_provider }}") return value;
  if (value || nodeEnv === "production") {
    throw new Error(
      `NEXT_PUBLIC_AUTH_MODE must be "{{ auth_provider }}" or "local", not ${JSON.stringify(value ?? "")}: ` +
        "build the site for AWS with `make deploy-frontend`, or set NEXT_PUBLIC_AUTH_MODE for this build",
    );
  }
  return "{{ auth_provider }}";
}

export const AUTH_MODE: AuthMode = authMode(process.env.NEXT_PUBLIC_AUTH_MODE, process.env.NODE_ENV);

export const APP_TITLE = {{ app_title | ts }};
export const APP_DESCRIPTION = {{ app_description | ts }};

export interface AgentInfo {
  name: string;
  role: "orchestrator" | "worker";
  description: string;
}

/**
 * Orchestrator first, then the workers, as in backend/database/models.py; `name` is the
 * `agent` of the agent's entry in a Job's `results`.
 */
// TODO(domain): Write each agent's `description` as your users should read it on the
// dashboard: one sentence on what it does for them (the backend's own descriptions are
// in backend/<agent>/templates.py).
export const AGENTS: readonly AgentInfo[] = [
  {
    name: "{{ orchestrator.name }}",
    role: "orchestrator",
    description: {{ (orchestrator.description or "Runs each job and writes the summary.") | ts }},
  },
{% for worker in workers %}
  {
    name: "{{ worker.name }}",
    role: "worker",
    description: {{ (worker.description or ("The " ~ worker.name ~ " agent.")) | ts }},
  },
{% endfor %}
];
