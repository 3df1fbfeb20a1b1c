-- What each run used, as in the app's 001_v3_agent_usage.sql.
ALTER TABLE job_results
    ADD COLUMN model         TEXT,
    ADD COLUMN requests      INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN input_tokens  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN output_tokens BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN cost_usd      DOUBLE PRECISION;
