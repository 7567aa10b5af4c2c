-- Near-duplicate signatures and cross-source event clusters (issue 4). New tables only.

-- One row per loaded article: its MinHash signature, compact (num_perm x uint32 = 512 bytes).
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id    VARCHAR PRIMARY KEY,
    content_hash  VARCHAR NOT NULL,      -- sha256 of normalized text (exact duplicates)
    minhash       BLOB,                  -- little-endian uint32[num_perm]; NULL when text is too short
    n_shingles    INTEGER NOT NULL,
    duplicate_of  VARCHAR,               -- root original, so a copy of a copy points to the original
    fetched_at    TIMESTAMPTZ NOT NULL,  -- what the recent-window filter uses
    stored_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS article_signatures_hash_idx ON article_signatures (content_hash);

-- LSH bands: one row per (article, band). Lookup is an equality probe on band_hash restricted to
-- recent fetched_at, so a new batch never reads all history.
CREATE TABLE IF NOT EXISTS article_signature_bands (
    band_hash   UBIGINT NOT NULL,        -- hash of (band number, the band's rows)
    article_id  VARCHAR NOT NULL,
    fetched_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS article_signature_bands_hash_idx ON article_signature_bands (band_hash);

CREATE TABLE IF NOT EXISTS event_clusters (
    id                         VARCHAR PRIMARY KEY,  -- hash of the founding event id
    type                       VARCHAR NOT NULL,
    subtype                    VARCHAR,
    place                      VARCHAR,
    admin1                     VARCHAR,
    country                    VARCHAR,
    event_date                 DATE,
    first_seen                 TIMESTAMPTZ,          -- earliest fetched_at of a member article
    last_seen                  TIMESTAMPTZ,
    n_articles                 INTEGER NOT NULL,     -- distinct member articles, copies included
    n_sources                  INTEGER NOT NULL,     -- distinct outlets among independent members
    representative_evidence    VARCHAR,
    representative_event_id    VARCHAR,
    representative_article_id  VARCHAR,
    updated_at                 TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS event_clusters_date_idx ON event_clusters (event_date);

CREATE TABLE IF NOT EXISTS event_cluster_members (
    cluster_id   VARCHAR NOT NULL,
    event_id     VARCHAR NOT NULL PRIMARY KEY,     -- an event belongs to exactly one cluster
    article_id   VARCHAR NOT NULL,
    source       VARCHAR,
    independent  BOOLEAN NOT NULL                  -- false for duplicate copies (articles.duplicate_of)
);
CREATE INDEX IF NOT EXISTS event_cluster_members_cluster_idx ON event_cluster_members (cluster_id);

-- Trend view: events = clusters (real-world events), reports = distinct tagged articles that are
-- originals (duplicate copies excluded: a syndicated copy is not another report). `articles` is the
-- same number under the name issue 2's contract uses.
CREATE OR REPLACE VIEW daily_event_counts AS
SELECT
    c.event_date                                                        AS day,
    c.type                                                              AS event_type,
    COUNT(DISTINCT c.id)                                                AS events,
    COUNT(DISTINCT CASE WHEN m.independent THEN m.article_id END)       AS articles,
    COUNT(DISTINCT CASE WHEN m.independent THEN m.article_id END)       AS reports
FROM event_clusters c
JOIN event_cluster_members m ON m.cluster_id = c.id
WHERE c.event_date IS NOT NULL
GROUP BY c.event_date, c.type;
