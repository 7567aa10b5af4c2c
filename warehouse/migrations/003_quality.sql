-- Quality gates: one row per great-expectations suite run, so an analyst can see what was checked
-- for every batch and coverage_health() can compute pass rates over any window.
-- The rendered results are the Data Docs under <data dir>/gx/uncommitted/data_docs/local_site/.

CREATE TABLE IF NOT EXISTS validation_runs (
    id            VARCHAR PRIMARY KEY,   -- hash of (batch_id, suite)
    batch_id      VARCHAR NOT NULL,
    suite         VARCHAR NOT NULL,      -- articles | events | feed_health
    success       BOOLEAN NOT NULL,      -- every expectation of the suite met
    evaluated     INTEGER NOT NULL,      -- expectations evaluated
    successful    INTEGER NOT NULL,
    unsuccessful  INTEGER NOT NULL,
    statistics    JSON,                  -- GX statistics + rows, rows_passed, failed expectations
    run_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX IF NOT EXISTS validation_runs_run_at ON validation_runs (run_at);
