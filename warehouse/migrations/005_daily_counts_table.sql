-- daily_event_counts from a small table kept current by every write of clusters (issue 9).
--
-- Why: the 002 view joins every cluster of the asked days to their members; at 1 M articles
-- (10 M members) a year of it costs about a second, and the issue sets 1 s. The counts change only
-- where clusters are written, so transform/cluster.py (`refresh_daily_counts`, called from
-- `assign_clusters` and `remove_events`, which load, reprocess/retag and article updates all go
-- through) recomputes exactly the (day, type) rows a write touched, with the 002 definition.
-- The view keeps its name and columns (day, event_type, events, articles, reports) and types.

CREATE TABLE IF NOT EXISTS daily_event_counts_table (
    day         DATE NOT NULL,
    event_type  VARCHAR NOT NULL,
    events      BIGINT NOT NULL,   -- clusters with this event_date and type
    articles    BIGINT NOT NULL,   -- distinct independent member articles of those clusters
    PRIMARY KEY (day, event_type)
);

-- Filled once from what is stored, with the 002 definition.
INSERT INTO daily_event_counts_table
SELECT
    c.event_date,
    c.type,
    COUNT(DISTINCT c.id),
    COUNT(DISTINCT CASE WHEN m.independent THEN m.article_id END)
FROM event_clusters c
JOIN event_cluster_members m ON m.cluster_id = c.id
WHERE c.event_date IS NOT NULL
GROUP BY c.event_date, c.type;

CREATE OR REPLACE VIEW daily_event_counts AS
SELECT day, event_type, events, articles, articles AS reports
FROM daily_event_counts_table;
