import { ApiError, type JobRequest, apiClient, createJob, getJob } from "@/lib/api";

// The client sends a request as it is; its shape is JobRequest's (backend/database/schemas.py),
// so these tests of the client keep passing when JobRequest takes your domain's fields.
const REQUEST = { question: "Why?" } as unknown as JobRequest;

function fakeFetch(status: number, body: unknown) {
  const calls: Request[] = [];
  const fetch = async (input: Request) => {
    calls.push(input);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch };
}

test("requests carry the signed-in user's token", async () => {
  const { calls, fetch } = fakeFetch(201, { id: "j1", status: "pending" });
  const client = apiClient(async () => "token-123", { baseUrl: "http://api.test", fetch });
  const job = await createJob(client, REQUEST);
  expect(job.id).toBe("j1");
  expect(calls[0]!.url).toBe("http://api.test/jobs");
  expect(calls[0]!.headers.get("Authorization")).toBe("Bearer token-123");
  expect(await calls[0]!.json()).toEqual(REQUEST);
});

test("API errors become an ApiError with the server's message", async () => {
  const { fetch } = fakeFetch(404, { detail: "Job not found" });
  const client = apiClient(async () => null, { baseUrl: "http://api.test", fetch });
  const error = await getJob(client, "missing").catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status).toBe(404);
  expect((error as ApiError).message).toBe("Job not found");
});

test("validation errors name the field", async () => {
  const { fetch } = fakeFetch(422, { detail: [{ loc: ["body", "question"], msg: "String should have at least 1 character" }] });
  const client = apiClient(async () => "t", { baseUrl: "http://api.test", fetch });
  await expect(createJob(client, REQUEST)).rejects.toThrow("question: String should have at least 1 character");
});
