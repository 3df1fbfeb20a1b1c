-- The online judge's score of a job, as in the app's 001_v5_job_quality.sql.
ALTER TABLE jobs
    ADD COLUMN quality_score  DOUBLE PRECISION CHECK (quality_score BETWEEN 0 AND 1),
    ADD COLUMN quality_reason TEXT,
    ADD COLUMN quality_judge  TEXT;
