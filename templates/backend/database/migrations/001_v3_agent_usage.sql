-- What each agent's run used, on its row of job_results: the model (the MODEL setting,
-- e.g. bedrock/us.amazon.nova-pro-v1:0), its requests and tokens, and an estimated cost
-- in USD from the framework's price table (aws_agent_framework/pricing.py; NULL for a
-- model it has no price for). The framework's JobStore writes them when the run ends,
-- failed runs included. Rows from before this file have none: zero tokens, no model.
-- The file name sorts after 001_v2_job_results.sql and before 002_domain.sql.

ALTER TABLE job_results
    ADD COLUMN IF NOT EXISTS model         TEXT,
    ADD COLUMN IF NOT EXISTS requests      INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS input_tokens  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS output_tokens BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cost_usd      DOUBLE PRECISION;
