-- Agent results as rows: one row of job_results per agent per job, which only that agent
-- writes (the framework's JobStore), so adding or removing an agent needs no migration.
-- The file name sorts after 001_schema.sql (jobs) and before 002_domain.sql: migrations
-- run in file-name order, and each runs once.
--
-- Apps generated before job_results kept each agent's result in a jobs.<agent>_payload
-- column. The block below copies those results into rows (completed, finished when the
-- job did) and drops the columns; on a database created after the change there are no
-- such columns and it does nothing. The same text serves every app, whatever its agents.

CREATE TABLE IF NOT EXISTS job_results (
    job_id      UUID NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    -- The agent's name, as in database/models.py AGENTS.
    agent       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    -- The agent's result (JSON), once completed.
    payload     JSONB,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    -- Safe to show the user; the full error is only in the logs.
    error       TEXT,
    PRIMARY KEY (job_id, agent)
);

DO $$
DECLARE
    result_column RECORD;
BEGIN
    FOR result_column IN
        SELECT column_name::text AS name
        FROM information_schema.columns
        WHERE table_schema = current_schema()
          AND table_name = 'jobs'
          AND data_type = 'jsonb'
          AND column_name LIKE '%\_payload' ESCAPE '\'
          AND column_name <> 'request_payload'
        ORDER BY ordinal_position
    LOOP
        EXECUTE format(
            'INSERT INTO job_results (job_id, agent, status, payload, started_at, finished_at) '
            || 'SELECT id, %L, ''completed'', %I, COALESCE(started_at, created_at), '
            || 'COALESCE(completed_at, now()) FROM jobs WHERE %I IS NOT NULL '
            || 'ON CONFLICT (job_id, agent) DO NOTHING',
            left(result_column.name, -length('_payload')),
            result_column.name,
            result_column.name
        );
        EXECUTE format('ALTER TABLE jobs DROP COLUMN %I', result_column.name);
    END LOOP;
END
$$;
