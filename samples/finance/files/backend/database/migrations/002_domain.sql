-- How each symbol is classified: reference data for common funds and stocks, and the
-- tagger's classification of a symbol the reference data lacks (source = 'tagger').
-- Shared by every user (a symbol is the same instrument for all of them), served by
-- api/routes.py and read by the reporter, charter and retirement agents.

CREATE TABLE IF NOT EXISTS instruments (
    symbol      TEXT PRIMARY KEY CHECK (symbol ~ '^[A-Z][A-Z0-9.]{0,9}$'),
    name        TEXT NOT NULL,
    asset_class TEXT NOT NULL
        CHECK (asset_class IN ('equity', 'bond', 'real_estate', 'commodity', 'cash')),
    region      TEXT NOT NULL,
    sector      TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT 'reference' CHECK (source IN ('reference', 'tagger')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

DROP TRIGGER IF EXISTS instruments_updated_at ON instruments;
CREATE TRIGGER instruments_updated_at BEFORE UPDATE ON instruments
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

INSERT INTO instruments (symbol, name, asset_class, region, sector) VALUES
    ('VTI', 'Vanguard Total Stock Market ETF', 'equity', 'north_america', 'diversified'),
    ('VOO', 'Vanguard S&P 500 ETF', 'equity', 'north_america', 'diversified'),
    ('VXUS', 'Vanguard Total International Stock ETF', 'equity', 'international', 'diversified'),
    ('VWO', 'Vanguard FTSE Emerging Markets ETF', 'equity', 'emerging_markets', 'diversified'),
    ('BND', 'Vanguard Total Bond Market ETF', 'bond', 'north_america', 'government_and_corporate'),
    ('BNDX', 'Vanguard Total International Bond ETF', 'bond', 'international', 'government_and_corporate'),
    ('TIP', 'iShares TIPS Bond ETF', 'bond', 'north_america', 'government'),
    ('VNQ', 'Vanguard Real Estate ETF', 'real_estate', 'north_america', 'real_estate'),
    ('GLD', 'SPDR Gold Shares', 'commodity', 'global', 'precious_metals'),
    ('AAPL', 'Apple Inc.', 'equity', 'north_america', 'technology'),
    ('MSFT', 'Microsoft Corporation', 'equity', 'north_america', 'technology'),
    ('JNJ', 'Johnson & Johnson', 'equity', 'north_america', 'healthcare'),
    ('SGOV', 'iShares 0-3 Month Treasury Bond ETF', 'cash', 'north_america', 'cash')
ON CONFLICT (symbol) DO NOTHING;
