-- Spike alerts (issue 6). One row per alert that passed the cooldown; see docs/ALERTS.md.

CREATE TABLE IF NOT EXISTS alerts (
    id               VARCHAR PRIMARY KEY,    -- sha256(series|window_start|window_end|observed)[:16]
    series           VARCHAR NOT NULL,       -- type:<t> | region:<t>:<region> | thread:<t>:<parties or venue>
    kind             VARCHAR NOT NULL,       -- type | region | thread
    event_type       VARCHAR NOT NULL,       -- drone_strike | negotiation
    region           VARCHAR,                -- admin1 (oblast) or country, for kind = region
    thread           VARCHAR,                -- sorted parties joined by "+", or venue=<place>
    window_start     TIMESTAMPTZ NOT NULL,   -- inclusive, 00:00 UTC
    window_end       TIMESTAMPTZ NOT NULL,   -- exclusive, 00:00 UTC
    window_days      INTEGER NOT NULL,
    observed         INTEGER NOT NULL,       -- event clusters in the window
    expected         DOUBLE NOT NULL,        -- from the trailing weekday-aware baseline
    ratio            DOUBLE,                 -- observed / expected
    p_value          DOUBLE NOT NULL,        -- upper tail P(X >= observed)
    score            DOUBLE NOT NULL,        -- -log10(p_value)
    method           VARCHAR NOT NULL,       -- poisson | negbin
    dispersion       DOUBLE,                 -- Pearson dispersion of the baseline
    low_confidence   BOOLEAN NOT NULL,       -- coverage unhealthy in the window or the baseline
    coverage         JSON,                   -- {"window": {...}, "baseline": {...}, "reasons": [...]}
    top_clusters     JSON,                   -- [{cluster_id, headline, outlet, link, evidence, ...}]
    created_at       TIMESTAMPTZ NOT NULL,
    delivered        VARCHAR[] NOT NULL,     -- channels that accepted it: log, email, slack, webhook
    delivery_errors  JSON                    -- {"channel": "error"} of the last delivery attempt
);
CREATE INDEX IF NOT EXISTS alerts_series_idx ON alerts (series);
