-- The tagger version that tagged a batch's articles. An article the pipeline tagged without finding
-- an event leaves no version in `events`; without this, the first `conflictwatch reprocess` after
-- any load re-tagged every such article although no rule had changed. NULL for batches loaded
-- before this migration (reprocess tags those once, as before).
ALTER TABLE batches ADD COLUMN tagger_version VARCHAR;
