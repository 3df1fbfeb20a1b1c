// Build-time settings (NEXT_PUBLIC_* are baked into the static site) and the app's agents.
export const API_URL = (process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:8000").replace(/\/$/, "");

export type AuthMode = "local" | "clerk";

/**
 * The sign-in a build uses, from NEXT_PUBLIC_AUTH_MODE: "local" (the development sign-in
 * only a local API accepts) or "clerk". A production build (`next build`)
 * must name it — `make deploy-frontend` does — so a copied .env.local cannot ship local
 * sign-in by accident; `next dev` and tests default to clerk.
 */
export function authMode(value: string | undefined, nodeEnv: string | undefined): AuthMode {
  if (value === "local" || value === "clerk") return value;
  if (value || nodeEnv === "production") {
    throw new Error(
      `NEXT_PUBLIC_AUTH_MODE must be "clerk" or "local", not ${JSON.stringify(value ?? "")}: ` +
        "build the site for AWS with `make deploy-frontend`, or set NEXT_PUBLIC_AUTH_MODE for this build",
    );
  }
  return "clerk";
}

export const AUTH_MODE: AuthMode = authMode(process.env.NEXT_PUBLIC_AUTH_MODE, process.env.NODE_ENV);

export const APP_TITLE = "Trail Outfitters";
export const APP_DESCRIPTION = "A team of AI agents for an outdoor-gear shop: they search the catalog for what a shopper asks, recommend what fits the budget and write the product copy.";

export interface AgentInfo {
  name: string;
  role: "orchestrator" | "worker";
  description: string;
}

/**
 * Orchestrator first, then the workers, as in backend/database/models.py; `name` is the
 * `agent` of the agent's entry in a Job's `results`.
 */
// Each agent's `description` as shoppers read it on the dashboard.
export const AGENTS: readonly AgentInfo[] = [
  {
    name: "shopper",
    role: "orchestrator",
    description: "Answers you, from what the other agents found.",
  },
  {
    name: "catalog",
    role: "worker",
    description: "Finds the products that match your words, with today's price and stock.",
  },
  {
    name: "recommender",
    role: "worker",
    description: "Picks what fits your budget and cart, and says why the rest does not.",
  },
];
