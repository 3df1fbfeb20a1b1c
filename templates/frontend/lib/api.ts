// The one typed client of the API. Types come from the API's OpenAPI schema
// (lib/api-types.ts, written by `make frontend-types`), never by hand.
import createClient, { type Client } from "openapi-fetch";

import type { components, paths } from "./api-types";
import { API_URL } from "./config";

export type Job = components["schemas"]["Job"];
/** One agent's part of a job: running, then completed (with `payload`) or failed (with `error`). */
export type AgentResult = components["schemas"]["AgentResult"];
/** What model calls used: requests, tokens and an estimated cost in USD (null: no price known). */
export type Usage = components["schemas"]["Usage"];
/** A job's timeline so far: its agents' runs and tool calls as events, and the server's time. */
export type JobEvents = components["schemas"]["JobEvents"];
export type JobEvent = components["schemas"]["JobEvent"];
export type JobRequest = components["schemas"]["JobRequest"];
export type JobPage = components["schemas"]["JobPage"];
export type ApiClient = Client<paths>;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** A client that sends the signed-in user's token with every request. */
export function apiClient(
  getToken: () => Promise<string | null>,
  options: { baseUrl?: string; fetch?: typeof fetch } = {},
): ApiClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? API_URL, fetch: options.fetch });
  client.use({
    async onRequest({ request }) {
      const token = await getToken();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  });
  return client;
}

/** A readable message from FastAPI's error body ({"detail": "…"} or a validation list). */
export function describeError(body: unknown, status: number): string {
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((item: { loc?: unknown[]; msg?: string }) => `${(item.loc ?? []).slice(1).join(".")}: ${item.msg ?? "invalid"}`)
      .join("; ");
  }
  return status === 0 ? "The API cannot be reached." : `The API answered ${status}.`;
}

function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new ApiError(describeError(result.error, result.response.status), result.response.status);
  }
  return result.data;
}

export async function createJob(client: ApiClient, body: JobRequest): Promise<Job> {
  return unwrap(await client.POST("/jobs", { body }));
}

export async function listJobs(client: ApiClient, limit = 20): Promise<JobPage> {
  return unwrap(await client.GET("/jobs", { params: { query: { limit } } }));
}

export async function getJob(client: ApiClient, jobId: string): Promise<Job> {
  return unwrap(await client.GET("/jobs/{job_id}", { params: { path: { job_id: jobId } } }));
}

export async function getJobEvents(client: ApiClient, jobId: string): Promise<JobEvents> {
  return unwrap(await client.GET("/jobs/{job_id}/events", { params: { path: { job_id: jobId } } }));
}
