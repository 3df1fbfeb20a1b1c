-- A table exercising the types the clients must carry both ways.
CREATE TABLE notes (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    owner      TEXT NOT NULL,
    body       TEXT,
    data       JSONB,
    amount     NUMERIC(12, 2),
    due        DATE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION notes_touch() RETURNS trigger AS $$
BEGIN
    -- A semicolon inside a dollar-quoted body must not split the statement; so must ':x'.
    NEW.body = coalesce(NEW.body, '');
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER notes_touch BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION notes_touch();
