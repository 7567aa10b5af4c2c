-- Core tables of the warehouse contract. Analysts rely on these names: never rename, only add.

CREATE TABLE IF NOT EXISTS batches (
    batch_id      VARCHAR PRIMARY KEY,   -- one ingest run's staged batch
    run_id        VARCHAR,               -- the process run that loaded it
    loaded_at     TIMESTAMPTZ NOT NULL,
    pages         INTEGER,
    articles      INTEGER,
    events        INTEGER,
    quarantined   INTEGER,
    failures      INTEGER
);

CREATE TABLE IF NOT EXISTS articles (
    id              VARCHAR PRIMARY KEY, -- sha256(canonical_url)[:16]
    url             VARCHAR NOT NULL,    -- as fetched (after redirects)
    canonical_url   VARCHAR NOT NULL UNIQUE,
    feed            VARCHAR NOT NULL,
    source          VARCHAR,             -- the outlet (registrable domain), not the feed
    guid            VARCHAR,
    title           VARCHAR,
    text            VARCHAR,
    published_at    TIMESTAMPTZ,
    published_basis VARCHAR,             -- feed | page_metadata | fetched_at
    fetched_at      TIMESTAMPTZ NOT NULL,
    language        VARCHAR,
    content_hash    VARCHAR NOT NULL,
    duplicate_of    VARCHAR,             -- NULL for an original, else the original's id
    duplicate_kind  VARCHAR,             -- exact | near
    similarity      DOUBLE,
    version         INTEGER NOT NULL DEFAULT 1,
    batch_id        VARCHAR,
    loaded_at       TIMESTAMPTZ
);

-- Earlier versions of an article whose text changed at the same URL.
CREATE TABLE IF NOT EXISTS article_versions (
    article_id    VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    title         VARCHAR,
    text          VARCHAR,
    content_hash  VARCHAR,
    published_at  TIMESTAMPTZ,
    fetched_at    TIMESTAMPTZ,
    replaced_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, version)
);

CREATE TABLE IF NOT EXISTS events (
    id              VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,
    type            VARCHAR NOT NULL,    -- drone_strike | negotiation
    subtype         VARCHAR,
    evidence        VARCHAR NOT NULL,    -- verbatim sentence of the article
    evidence_start  INTEGER,             -- char offset in articles.text; -1 = title
    location_text   VARCHAR,
    place           VARCHAR,
    admin1          VARCHAR,
    country         VARCHAR,
    lat             DOUBLE,
    lon             DOUBLE,
    event_date      DATE,
    date_precision  VARCHAR,             -- day | week | month | publication
    date_basis      VARCHAR,
    attacker        VARCHAR,
    target          VARCHAR,
    parties         VARCHAR[],
    drones_launched INTEGER,
    drones_downed   INTEGER,
    killed          INTEGER,
    injured         INTEGER,
    attribution     VARCHAR,
    disputed        BOOLEAN,
    confidence      DOUBLE,
    tagger_version  VARCHAR NOT NULL,
    cluster_id      VARCHAR,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS feed_fetches (
    batch_id      VARCHAR NOT NULL,
    feed          VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    fetched_at    TIMESTAMPTZ NOT NULL,
    http_status   INTEGER,
    entries       INTEGER,
    new_entries   INTEGER,
    error         VARCHAR,
    not_modified  BOOLEAN,
    body_sha256   VARCHAR,
    elapsed_ms    DOUBLE,
    PRIMARY KEY (batch_id, feed)
);

CREATE TABLE IF NOT EXISTS failures (
    id           VARCHAR PRIMARY KEY,    -- hash of (batch_id, stage, url, error)
    batch_id     VARCHAR,
    stage        VARCHAR NOT NULL,
    url          VARCHAR,
    feed         VARCHAR,
    error        VARCHAR NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    id              VARCHAR PRIMARY KEY, -- hash of (batch_id, url, reason)
    batch_id        VARCHAR,
    url             VARCHAR,
    reason          VARCHAR NOT NULL,    -- names the failed expectation
    record          JSON,
    quarantined_at  TIMESTAMPTZ NOT NULL
);
