-- Drop the ART index on LSH band hashes (issue 4: cost per 1,000 new articles flat up to 1 M stored).
--
-- Why: no query uses it. The dedupe probe sends the whole batch's band hashes as one list, which
-- DuckDB runs as a hash semi-join over one scan of band_hash (0.35 s over 40 M rows at 1 M
-- articles, the same with or without this index); an ART index serves only single-key equality
-- probes. Keeping it cost every load: 40 random keys per article inserted into a 40 M-entry tree
-- at COMMIT (1.1-3.7 s per 1,000 articles at 1 M stored), and each checkpoint rewrote the whole
-- modified index, so the writer DB grew by 1.4 GB after one batch (4,977 -> 6,409 MB; without
-- the index 3,547 -> 3,668 MB). The index alone was 1.4 GB of a 5 GB writer DB.
DROP INDEX IF EXISTS article_signature_bands_hash_idx;
