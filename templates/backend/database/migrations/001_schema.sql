-- Schema of {{ app_name }}: users and jobs. Each agent's result on a job is a row of
-- job_results (001_v2_job_results.sql), so adding an agent needs no migration; domain
-- tables follow in 002_domain.sql. Applied once, in file-name order; add changes as new
-- files.

CREATE TABLE IF NOT EXISTS users (
    -- The auth provider's user id (the JWT's `sub`).
    user_id      TEXT PRIMARY KEY,
    display_name TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS jobs (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    request_payload JSONB NOT NULL DEFAULT '{}'::jsonb,
    -- Safe to show the user; the full error is only in the logs.
    error_message   TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at      TIMESTAMPTZ,
    completed_at    TIMESTAMPTZ,
    -- Runs started (a crashed run is retried once), and until when the current run
    -- may be alive (its Lambda deadline): a running job past it was abandoned.
    attempts        INTEGER NOT NULL DEFAULT 0,
    lease_until     TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS jobs_user_created_idx ON jobs (user_id, created_at DESC);
-- The sweep's question: which running jobs outlived their run's lease.
CREATE INDEX IF NOT EXISTS jobs_running_lease_idx ON jobs (lease_until) WHERE status = 'running';

CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS users_updated_at ON users;
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

DROP TRIGGER IF EXISTS jobs_updated_at ON jobs;
CREATE TRIGGER jobs_updated_at BEFORE UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Domain tables go in later files, starting with 002_domain.sql: keyed to users
-- (user_id TEXT REFERENCES users) or to jobs (job_id UUID REFERENCES jobs), each with
-- created_at/updated_at and the updated_at trigger above.
