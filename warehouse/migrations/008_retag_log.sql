-- Which tagger version last re-tagged each article. An article with no events leaves no tagger
-- version behind in `events`, so without this log every reprocess run re-tagged it again.
CREATE TABLE retagged_articles (
    article_id VARCHAR PRIMARY KEY,
    tagger_version VARCHAR NOT NULL,
    retagged_at TIMESTAMPTZ NOT NULL
);
