-- The shop's products: what each costs and how many are in stock, the source of truth
-- for both (the knowledge base holds the same products' text for search, loaded with
-- `make ingest FILE=backend/data/catalog.json`, and may lag behind a price change).
-- Shared by every user, served by api/routes.py and read by the catalog, recommender and
-- copywriter agents.

CREATE TABLE IF NOT EXISTS products (
    sku         TEXT PRIMARY KEY CHECK (sku ~ '^[A-Z]+-[0-9]{2}$'),
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    price       NUMERIC(10, 2) NOT NULL CHECK (price > 0),
    stock       INTEGER NOT NULL CHECK (stock >= 0),
    description TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS products_category ON products (category, sku);

DROP TRIGGER IF EXISTS products_updated_at ON products;
CREATE TRIGGER products_updated_at BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

INSERT INTO products (sku, name, category, price, stock, description) VALUES
    ('JKT-01', 'Stormline Rain Jacket', 'outerwear', 129.00, 14, 'Waterproof, breathable rain jacket with taped seams and an adjustable hood, for hiking in wet weather.'),
    ('JKT-02', 'Trail Shell Jacket', 'outerwear', 89.00, 0, 'Light waterproof shell jacket for hiking; packs into its own pocket.'),
    ('JKT-03', 'Summit Down Jacket', 'outerwear', 219.00, 5, 'Warm down jacket for cold, dry days in camp; not waterproof.'),
    ('PNT-01', 'Drizzle Rain Pants', 'outerwear', 69.00, 20, 'Waterproof rain pants with side zips that open over hiking boots.'),
    ('BOOT-01', 'Ridge Hiking Boots', 'footwear', 149.00, 8, 'Waterproof leather hiking boots with ankle support and a grippy sole.'),
    ('SOCK-01', 'Merino Hiking Socks', 'footwear', 18.00, 40, 'Merino wool hiking socks that stay warm when wet; two pairs.'),
    ('PACK-01', 'Daypack 25', 'bags', 79.00, 12, 'A 25 litre hiking daypack with a hip belt and a rain cover.'),
    ('BAG-01', 'Roll-top Dry Bag', 'bags', 25.00, 30, 'A 10 litre roll-top dry bag that keeps gear dry in rain and river crossings.'),
    ('HAT-01', 'Sou''wester Rain Hat', 'accessories', 29.00, 0, 'A waterproof rain hat with a wide brim and a chin strap.'),
    ('POLE-01', 'Carbon Trekking Poles', 'accessories', 99.00, 6, 'A pair of folding carbon trekking poles for steep and slippery trails.'),
    ('MUG-01', 'Enamel Camp Mug', 'camp_kitchen', 12.00, 50, 'An enamel camp mug for coffee at the trailhead.'),
    ('STOVE-01', 'Pocket Camp Stove', 'camp_kitchen', 45.00, 9, 'A small gas stove that boils a litre of water in four minutes.')
ON CONFLICT (sku) DO NOTHING;
