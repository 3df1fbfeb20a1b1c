// Build-time settings (NEXT_PUBLIC_* are baked into the static site) and the app's agents.
export const API_URL = (process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:8000").replace(/\/$/, "");

export type AuthMode = "local" | "cognito";

/**
 * The sign-in a build uses, from NEXT_PUBLIC_AUTH_MODE: "local" (the development sign-in
 * only a local API accepts) or "cognito". A production build (`next build`)
 * must name it — `make deploy-frontend` does — so a copied .env.local cannot ship local
 * sign-in by accident; `next dev` and tests default to cognito.
 */
export function authMode(value: string | undefined, nodeEnv: string | undefined): AuthMode {
  if (value === "local" || value === "cognito") return value;
  if (value || nodeEnv === "production") {
    throw new Error(
      `NEXT_PUBLIC_AUTH_MODE must be "cognito" or "local", not ${JSON.stringify(value ?? "")}: ` +
        "build the site for AWS with `make deploy-frontend`, or set NEXT_PUBLIC_AUTH_MODE for this build",
    );
  }
  return "cognito";
}

export const AUTH_MODE: AuthMode = authMode(process.env.NEXT_PUBLIC_AUTH_MODE, process.env.NODE_ENV);

export const APP_TITLE = "Triage Desk";
export const APP_DESCRIPTION = "A team of AI agents that help a clinic's nurses triage patients: they check the intake, score urgency with NEWS2 and write the handover summary. Synthetic data only.";

export interface AgentInfo {
  name: string;
  role: "orchestrator" | "worker";
  description: string;
}

/**
 * Orchestrator first, then the workers, as in backend/database/models.py; `name` is the
 * `agent` of the agent's entry in a Job's `results`.
 */
// Each agent's `description` as nurses read it on the dashboard.
export const AGENTS: readonly AgentInfo[] = [
  {
    name: "triage",
    role: "orchestrator",
    description: "Writes the triage note: the urgency, why, and what it calls for.",
  },
  {
    name: "intake",
    role: "worker",
    description: "Finds the red flags in the complaint.",
  },
  {
    name: "scorer",
    role: "worker",
    description: "Scores the vital signs with NEWS2.",
  },
];
