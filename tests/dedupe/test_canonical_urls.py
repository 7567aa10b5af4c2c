"""Canonical URLs: every spelling of one article maps to one key; different articles never do."""

from __future__ import annotations

import pytest

from transform.canonical import canonicalize_url, outlet_of

SAME = [
    ("HTTPS://WWW.Example.COM:443/News/Story-1/?utm_source=tw&utm_medium=social#comments",
     "https://example.com/News/Story-1"),
    ("https://example.com/news/story-1?fbclid=abc&gclid=x&mc_cid=1&mc_eid=2", "https://example.com/news/story-1"),
    ("https://amp.example.com/news/story-1", "https://example.com/news/story-1"),
    ("https://m.example.com/news/story-1", "https://example.com/news/story-1"),
    ("https://mobile.example.com/news/story-1", "https://example.com/news/story-1"),
    ("https://example.com/news/story-1/amp", "https://example.com/news/story-1"),
    ("https://example.com/amp/news/story-1", "https://example.com/news/story-1"),
    ("https://example.com/news/story-1?amp=1", "https://example.com/news/story-1"),
    ("https://example.com/news/story-1?outputType=amp", "https://example.com/news/story-1"),
    ("https://example.com/news/story-1.amp.html", "https://example.com/news/story-1.html"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com/a%7Eb", "https://example.com/a~b"),
    ("https://example.com/item?b=2&a=1&utm_campaign=x", "https://example.com/item?a=1&b=2"),
    ("http://127.0.0.1:8765/pages/kyiv.html?utm_source=rss", "http://127.0.0.1:8765/pages/kyiv.html"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "expected"), SAME)
def test_canonical_form(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_identifying_query_and_path_are_kept() -> None:
    # An article id in the query identifies the article: two ids stay two URLs.
    assert canonicalize_url("https://example.com/view?id=1") != canonicalize_url("https://example.com/view?id=2")
    assert canonicalize_url("https://example.com/a") != canonicalize_url("https://example.com/b")
    # A non-default port is part of the address (tests serve each outlet on its own port).
    assert canonicalize_url("http://127.0.0.1:8001/a") != canonicalize_url("http://127.0.0.1:8002/a")
    # Path case is kept: servers may treat it as significant.
    assert canonicalize_url("https://example.com/A") == "https://example.com/A"


def test_idempotent() -> None:
    for url, _ in SAME:
        once = canonicalize_url(url)
        assert canonicalize_url(once) == once


def test_non_http_is_returned_unchanged() -> None:
    assert canonicalize_url(" mailto:desk@example.com ") == "mailto:desk@example.com"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.bbc.co.uk/news/world-1", "bbc.co.uk"),
        ("https://edition.cnn.com/2025/03/10/europe/x", "cnn.com"),
        ("https://m.kyivindependent.com/a", "kyivindependent.com"),
        ("http://127.0.0.1:8001/a", "127.0.0.1:8001"),
        ("http://localhost/a", "localhost"),
    ],
)
def test_outlet_of(url: str, outlet: str) -> None:
    assert outlet_of(url) == outlet
