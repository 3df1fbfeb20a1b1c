-- TODO(domain): `notes` is an example domain table (served by api/routes.py, shaped by
-- Note in database/schemas.py and Notes in database/models.py): replace it with your
-- own tables, keyed to users (user_id TEXT REFERENCES users) or to jobs (job_id UUID
-- REFERENCES jobs), before your first deploy. Once deployed, this file never changes:
-- drop or alter the table in a new file (003_….sql) instead.

CREATE TABLE IF NOT EXISTS notes (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS notes_user_created ON notes (user_id, created_at DESC);

DROP TRIGGER IF EXISTS notes_updated_at ON notes;
CREATE TRIGGER notes_updated_at BEFORE UPDATE ON notes
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
