-- One row per agent per job, as in the app's 001_v2_job_results.sql.
CREATE TABLE job_results (
    job_id      UUID NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    agent       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    payload     JSONB,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    error       TEXT,
    PRIMARY KEY (job_id, agent)
);
