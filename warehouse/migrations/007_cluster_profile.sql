-- Clusters remember what all their members said, not only their representative (issue 4).
--
-- Why: a batch is matched against stored clusters, and a stored cluster used to be profiled from
-- its representative event alone. What it learned from later members was lost at the next batch
-- (every 15 minutes in production): the second date of one overnight attack (dated to the night by
-- one outlet, the morning by another), the parties a later talks report named, the other names of
-- the attacker ("Moscow", "Russian armed forces"). These columns keep that union. NULL on clusters
-- written before this migration: readers fall back to event_date and the representative event.
-- They only grow (members leaving on a reprocess do not shrink them): a superset, so a cluster
-- never refuses a report it accepted before.
ALTER TABLE event_clusters ADD COLUMN IF NOT EXISTS date_lo DATE;    -- earliest member event_date
ALTER TABLE event_clusters ADD COLUMN IF NOT EXISTS date_hi DATE;    -- latest member event_date
ALTER TABLE event_clusters ADD COLUMN IF NOT EXISTS parties VARCHAR[];    -- every party named by a member
ALTER TABLE event_clusters ADD COLUMN IF NOT EXISTS attackers VARCHAR[];  -- every attacker name of a member
