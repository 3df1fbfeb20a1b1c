-- The clinic's red flags: phrases in a complaint that need a clinician sooner than the
-- vital signs say (a low NEWS2 score does not rule out a heart attack). Shared by every
-- user, served by api/routes.py and read by the intake, scorer and summarizer agents.
-- The clinic's own list replaces this one; it is an example, not clinical guidance.

CREATE TABLE IF NOT EXISTS red_flags (
    phrase     TEXT PRIMARY KEY CHECK (phrase = lower(phrase) AND length(phrase) <= 60),
    reason     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

DROP TRIGGER IF EXISTS red_flags_updated_at ON red_flags;
CREATE TRIGGER red_flags_updated_at BEFORE UPDATE ON red_flags
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

INSERT INTO red_flags (phrase, reason) VALUES
    ('chest pain', 'possible acute coronary syndrome'),
    ('short of breath', 'possible respiratory failure'),
    ('shortness of breath', 'possible respiratory failure'),
    ('slurred speech', 'possible stroke'),
    ('face drooping', 'possible stroke'),
    ('worst headache', 'possible subarachnoid haemorrhage'),
    ('stiff neck', 'possible meningitis'),
    ('throat swelling', 'possible anaphylaxis'),
    ('vomiting blood', 'possible gastrointestinal bleed'),
    ('seizure', 'seizure'),
    ('suicidal', 'risk of self-harm')
ON CONFLICT (phrase) DO NOTHING;
