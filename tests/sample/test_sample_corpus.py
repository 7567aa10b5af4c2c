"""The sample corpus is the ground truth of every end-to-end test, so its own promises are tested here:
feeds parse, pages carry the dates the feeds claim, conditional GETs work, and the manifest's labels
(copies, events, special cases) agree with what the texts actually say.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import feedparser
import httpx
import pysbd
import pytest
import yaml

from conflictwatch.sample import SITE_ROOT, articles, load_manifest, special_paths
from conflictwatch.sample.server import published_at, render, render_feeds_file, serve

# A fixed anchor that is not today, so a test passing here proves dates are rendered, not stored.
ANCHOR = date(2026, 3, 15)  # a Sunday
BODY_DIV = re.compile(r'<div class="(?:story-body|entry-content|article-body)">(.*?)</div>', re.S)
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
SPECIAL_CASES = [
    "syndicated_copy",
    "near_duplicate_rewrite",
    "same_strike_three_outlets",
    "same_city_two_strikes",
    "strike_and_talks",
    "two_feeds_same_outlet",
    "burst",
    "hard_negative_footage",
    "hard_negative_production",
    "hard_negative_training",
    "hard_negative_hypothetical",
    "hard_negative_peace_appeal",
    "hard_negative_denial",
    "hard_negative_missile_only",
]


@pytest.fixture(scope="module")
def server():
    with serve(anchor=ANCHOR) as running:
        yield running


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=10) as c:
        yield c


@pytest.fixture(scope="module")
def parsed_feeds(server, client) -> dict[str, Any]:
    feeds = yaml.safe_load(render_feeds_file(server.base_url, ANCHOR))["feeds"]
    out = {}
    for feed in feeds:
        response = client.get(feed["url"])
        assert response.status_code == 200, feed["url"]
        out[feed["name"]] = (response, feedparser.parse(response.content))
    return out


def by_path() -> dict[str, dict[str, Any]]:
    return {a["path"]: a for a in articles()}


def body_paragraphs(path: str) -> list[str]:
    page = (SITE_ROOT / path).read_text(encoding="utf-8")
    match = BODY_DIV.search(page)
    assert match, f"{path}: no article body"
    return [html.unescape(p) for p in PARAGRAPH.findall(match.group(1))]


def sentences(paragraphs: list[str]) -> list[str]:
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return [s.strip() for p in paragraphs for s in segmenter.segment(p)]


def events(entry: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    return [e for e in entry["labels"]["events"] if kind is None or e["type"] == kind]


# -- server and feeds ------------------------------------------------------------------------------


def test_feeds_file_points_at_server(server):
    feeds = yaml.safe_load(render_feeds_file(server.base_url, ANCHOR))["feeds"]
    assert len(feeds) >= 4
    for feed in feeds:
        assert feed["url"].startswith(server.base_url + "/feeds/")
        assert feed["source"] and feed["interval_minutes"] > 0
    sources = Counter(f["source"] for f in feeds)
    assert len(sources) >= 3 and max(sources.values()) >= 2  # one outlet has two feeds


def test_feeds_parse_with_rendered_dates(server, parsed_feeds):
    manifest_entries = by_path()
    formats = set()
    for name, (response, parsed) in parsed_feeds.items():
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        formats.add(parsed.version)
        expected_type = "application/rss+xml" if parsed.version.startswith("rss") else "application/atom+xml"
        assert response.headers["content-type"].startswith(expected_type)
        assert parsed.entries, name
        for entry in parsed.entries:
            assert entry.link.startswith(server.base_url + "/"), entry.link
            path = httpx.URL(entry.link).path.lstrip("/")
            article = manifest_entries[path]
            assert name in article["feeds"]
            published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
            assert published == published_at(article["day_offset"], ANCHOR)
            assert entry.link == render(article["feed_link"], server.base_url, ANCHOR)
    assert "rss20" in formats and "atom10" in formats


def test_manifest_and_feeds_list_the_same_articles(parsed_feeds):
    listed = {
        (name, httpx.URL(e.link).path.lstrip("/")) for name, (_, parsed) in parsed_feeds.items() for e in parsed.entries
    }
    labelled = {(feed, a["path"]) for a in articles() for feed in a["feeds"]}
    assert listed == labelled
    on_disk = {str(p.relative_to(SITE_ROOT)) for p in SITE_ROOT.rglob("*.html")}
    assert on_disk == {a["path"] for a in articles()}


def test_every_page_is_served_with_its_dates(server, client):
    for article in articles():
        response = client.get(server.url(article["path"]))
        assert response.status_code == 200, article["path"]
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        page = response.text
        assert "@@" not in page, article["path"]
        assert 3_000 <= len(response.content) <= 15_000, (article["path"], len(response.content))
        iso = published_at(article["day_offset"], ANCHOR).strftime("%Y-%m-%dT%H:%M:%SZ")
        if article["published_meta"]:
            assert f'<meta property="article:published_time" content="{iso}">' in page
        else:
            assert "article:published_time" not in page and "datePublished" not in page
            assert "<time" not in page
        for marker in ('property="og:title"', "<article", "<figcaption", "Related stories", "(c) 2026"):
            assert marker in page, (article["path"], marker)
        assert len(body_paragraphs(article["path"])) >= 4
        assert f"{server.base_url}/" in page  # links carry the rendered base URL


def test_related_links_resolve(server, client):
    for article in articles():
        page = client.get(server.url(article["path"])).text
        related = page.split("Related stories", 1)[1]
        links = re.findall(r'href="([^"]+\.html)"', related)
        assert links, article["path"]
        for link in links:
            assert client.get(link).status_code == 200, (article["path"], link)


def test_conditional_get(server, client):
    url = server.url("feeds/dnipro-ledger.xml")
    first = client.get(url)
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    # If-None-Match wins over If-Modified-Since (RFC 9110): a stale tag means a full answer.
    stale = client.get(url, headers={"If-None-Match": '"stale"', "If-Modified-Since": last_modified})
    assert stale.status_code == 200 and stale.content == first.content
    earlier = "Mon, 02 Mar 2026 00:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.content == b"" and not_modified.headers["etag"] == etag
    head = client.head(url)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == etag


def test_missing_and_escaping_paths_are_404(server, client):
    for path in ("no/such/page.html", "../server.py", "%2e%2e/server.py", "feeds/", ""):
        assert client.get(f"{server.base_url}/{path}").status_code == 404, path
    robots = client.get(server.url("robots.txt"))
    assert robots.status_code == 200 and "Allow: /" in robots.text


def test_extra_routes_and_request_log(client):
    routes = {"/broken/500": lambda: (500, {"Content-Type": "text/plain"}, b"boom")}
    with serve(anchor=ANCHOR, extra_routes=routes) as running:
        assert client.get(running.url("broken/500")).status_code == 500
        client.get(running.url("feeds/baltic-courier.xml?x=1"))
        assert running.count("feeds/baltic-courier.xml") == 1
        assert running.count("broken/500") == 1
    with pytest.raises(httpx.TransportError):
        client.get(running.url("robots.txt"))


def test_default_anchor_is_today(client):
    with serve() as running:
        feed = feedparser.parse(client.get(running.url("feeds/northern-wire-ukraine.xml")).content)
        newest = max(datetime(*e.published_parsed[:6], tzinfo=UTC) for e in feed.entries)
        assert newest.date() in {datetime.now(UTC).date(), running.anchor}


def test_placeholders_render_in_english():
    text = "@@DATE-1@@|@@ISO-1@@|@@DAYNAME-1@@|@@MONTHDAY-1@@|@@BASE@@/x"
    assert render(text, "http://h:1/", ANCHOR) == (
        "Sat, 14 Mar 2026 08:00:00 GMT|2026-03-14T08:00:00Z|Saturday|March 14|http://h:1/x"
    )


# -- manifest coverage and labels ------------------------------------------------------------------


def test_manifest_coverage():
    manifest = load_manifest()
    entries = articles()
    assert len(entries) >= 44
    assert len({a["outlet"] for a in entries}) >= 3
    assert len(manifest["feeds"]) >= 4
    offsets = [a["day_offset"] for a in entries]
    assert min(offsets) == 0 and max(offsets) - min(offsets) + 1 >= 46
    for tag in SPECIAL_CASES:
        assert special_paths(tag), tag
        assert manifest["special_cases"][tag]["paths"] == special_paths(tag)
    kinds = Counter(e["type"] for a in entries for e in a["labels"]["events"])
    assert kinds["drone_strike"] >= 20 and kinds["negotiation"] >= 8
    assert sum(1 for a in entries if not a["labels"]["events"]) >= 8  # articles with neither
    assert special_paths("non_russia_ukraine")
    assert 1 <= len(special_paths("no_published_meta")) <= 2


def test_event_labels_match_the_texts():
    """A label's place is named in its article and its day is one the text actually refers to."""
    for article in articles():
        raw = (SITE_ROOT / article["path"]).read_text(encoding="utf-8")
        text = " ".join(body_paragraphs(article["path"]))
        for event in article["labels"]["events"]:
            assert event["type"] in {"drone_strike", "negotiation"}
            assert event["place"] in text, (article["path"], event["place"])
            day = event["day_offset"]
            assert f"@@DAYNAME-{day}@@" in raw or f"@@MONTHDAY-{day}@@" in raw, (article["path"], day)
            # Reported after the fact, except a round announced ahead of time.
            assert day >= article["day_offset"] or event.get("status") == "scheduled"


def test_syndicated_copy_has_identical_body():
    entries = by_path()
    for path in special_paths("syndicated_copy"):
        copy = entries[path]
        original = entries[copy["labels"]["duplicate_of"]]
        assert copy["outlet"] != original["outlet"] and copy["path"] != original["path"]
        assert body_paragraphs(copy["path"]) == body_paragraphs(original["path"])
        assert copy["title"] != original["title"] and copy["title"].endswith(original["title"])
        assert copy["day_offset"] <= original["day_offset"]  # the original is seen first
        assert copy["labels"]["events"] == original["labels"]["events"]
        assert copy["labels"]["duplicate_kind"] == "exact"


def test_near_duplicate_rewrite_edits_a_fifth_of_sentences():
    entries = by_path()
    for path in special_paths("near_duplicate_rewrite"):
        rewrite = entries[path]
        original = entries[rewrite["labels"]["duplicate_of"]]
        new, old = sentences(body_paragraphs(path)), sentences(body_paragraphs(original["path"]))
        assert len(new) == len(old)
        edited = sum(1 for s in new if s not in set(old)) / len(new)
        assert 0.15 <= edited <= 0.25, edited
        assert new[0] != old[0]  # a different intro
        assert rewrite["day_offset"] < original["day_offset"]
        assert rewrite["labels"]["events"] == original["labels"]["events"]
        assert rewrite["labels"]["duplicate_kind"] == "near"


def test_only_copies_are_marked_as_duplicates():
    marked = {a["path"] for a in articles() if a["labels"]["duplicate_of"]}
    assert marked == set(special_paths("syndicated_copy")) | set(special_paths("near_duplicate_rewrite"))


def test_same_strike_three_outlets():
    group = [by_path()[p] for p in special_paths("same_strike_three_outlets")]
    assert len({a["outlet"] for a in group}) == 3
    assert len({a["title"] for a in group}) == len(group)
    assert all(a["labels"]["duplicate_of"] is None for a in group)
    strikes = {(e["place"], e["day_offset"]) for a in group for e in events(a, "drone_strike")}
    assert len(strikes) == 1
    # Different wording: no sentence shared between any two of the reports.
    bodies = [set(sentences(body_paragraphs(a["path"]))) for a in group]
    assert all(not (bodies[i] & bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies)))


def test_same_city_two_strikes_on_different_days():
    group = [by_path()[p] for p in special_paths("same_city_two_strikes")]
    strikes = [e for a in group for e in events(a, "drone_strike")]
    assert len({e["place"] for e in strikes}) == 1
    assert len({e["day_offset"] for e in strikes}) == len(strikes) == 2


def test_strike_and_talks_in_one_article():
    for path in special_paths("strike_and_talks"):
        article = by_path()[path]
        assert events(article, "drone_strike") and events(article, "negotiation")


def test_entry_in_two_feeds_of_one_outlet(parsed_feeds):
    for path in special_paths("two_feeds_same_outlet"):
        article = by_path()[path]
        assert len(article["feeds"]) == 2
        seen = {}
        for name in article["feeds"]:
            _, parsed = parsed_feeds[name]
            (entry,) = [e for e in parsed.entries if e.link.endswith("/" + path)]
            seen[name] = (entry.link, entry.id)
        assert len(set(seen.values())) == 1  # same URL and same guid


def test_burst_in_last_three_days():
    strikes = [(e["place"], e["day_offset"]) for a in articles() for e in events(a, "drone_strike")]
    recent = {place for place, day in strikes if day <= 2}
    before = {(place, day) for place, day in strikes if day > 2}
    before_days = max(a["day_offset"] for a in articles()) - 2
    assert 8 <= len(recent) <= 10
    assert len(recent) / 3 >= 4 * len(before) / before_days
    burst = {p for p in special_paths("burst")}
    assert {a["path"] for a in articles() if a["day_offset"] <= 2 and events(a, "drone_strike")} == burst


def test_hard_negatives_are_labelled_as_such():
    entries = by_path()
    for tag in (
        "hard_negative_footage",
        "hard_negative_production",
        "hard_negative_training",
        "hard_negative_hypothetical",
        "hard_negative_peace_appeal",
        "hard_negative_missile_only",
    ):
        for path in special_paths(tag):
            assert events(entries[path]) == [], (tag, path)
    missile = " ".join(body_paragraphs(special_paths("hard_negative_missile_only")[0]))
    assert "missile" in missile
    for path in special_paths("hard_negative_denial"):
        (strike,) = events(entries[path], "drone_strike")
        assert strike["disputed"] is True
        assert "Kremlin denied" in " ".join(body_paragraphs(path))


def test_site_placeholders_are_well_formed():
    """A typo like @@DATE-3 would reach a parser verbatim: every @@ must open a known placeholder."""
    known = re.compile(r"@@(?:(?:DATE|ISO|DAYNAME|MONTHDAY)-\d{1,2}|BASE)@@")
    for file in [*SITE_ROOT.rglob("*.html"), *SITE_ROOT.rglob("*.xml")]:
        text = file.read_text(encoding="utf-8")
        assert text.count("@@") == 2 * len(known.findall(text)), file
        assert "@@" not in render(text, "http://x", ANCHOR)


def test_manifest_day_offsets_are_relative_to_anchor(server, client):
    """Moving the anchor moves every date by the same amount: nothing is hard-coded."""
    later = ANCHOR + timedelta(days=10)
    with serve(anchor=later) as shifted:
        a = feedparser.parse(client.get(server.url("feeds/baltic-courier.xml")).content)
        b = feedparser.parse(client.get(shifted.url("feeds/baltic-courier.xml")).content)
    for x, y in zip(a.entries, b.entries, strict=True):
        delta = datetime(*y.published_parsed[:6]) - datetime(*x.published_parsed[:6])
        assert delta == timedelta(days=10)
