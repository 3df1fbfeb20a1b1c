-- The online judge's score of a job: with EVAL_SAMPLE_RATE above 0, that fraction of
-- completed jobs is scored by a judge model (EVAL_JUDGE_MODEL) from 0 (fails the
-- orchestrator's QUALITY_RUBRIC) to 1 (meets it fully), with its reason and which model
-- judged (aws_agent_framework/agents/handler.py). Jobs not sampled, and jobs from before
-- this file, have none. The file name sorts after 001_v4_job_tool_calls.sql and before
-- 002_domain.sql.

ALTER TABLE jobs
    ADD COLUMN IF NOT EXISTS quality_score  DOUBLE PRECISION
        CHECK (quality_score BETWEEN 0 AND 1),
    ADD COLUMN IF NOT EXISTS quality_reason TEXT,
    ADD COLUMN IF NOT EXISTS quality_judge  TEXT;
