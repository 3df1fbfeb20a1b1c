-- Every tool call of every agent run, for the job's live timeline (GET /jobs/{id}/events
-- and the dashboard): the framework's hooks add the row as the call starts and set
-- finished_at when it ends. An agent's own run is its row of job_results.
-- The file name sorts after 001_v3_agent_usage.sql and before 002_domain.sql.

CREATE TABLE IF NOT EXISTS job_tool_calls (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id      UUID NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    -- The agent that called the tool, as in database/models.py AGENTS.
    agent       TEXT NOT NULL,
    -- The model's id for the call: ties its end to its start.
    call_id     TEXT NOT NULL,
    tool        TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);

CREATE INDEX IF NOT EXISTS job_tool_calls_job_idx ON job_tool_calls (job_id, started_at);
