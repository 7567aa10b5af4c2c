"""Turn a raw article page into title, text, publication date and language.

The extraction settings live here once so that the pipeline and `conflictwatch extract` give the
same answer for the same bytes. Dates: the feed's own date wins, then the page's structured
metadata; trafilatura's date guess is used only when it comes from metadata, because its fallback
can read a footer's "(c) 2026" as the publication date.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

# Settings shared by every extraction. favor_precision scored better on real news pages than the
# defaults (see ../shared/STYLE.md); comments and tables are page clutter for event tagging.
# with_metadata is off: trafilatura's full metadata pass (author, date via htmldate, sitename,
# categories, tags, licence) cost about 0.8 ms a page and only its title was used; `page_title`
# computes that title alone, the same way (issue 9).
EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
    "with_metadata": False,
    "deduplicate": False,
}

MIN_TEXT_CHARS = 1  # an empty extraction is a failure; "too short" is judged by the quality gate

_META_DATE = re.compile(
    rb"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|"""
    rb"""datePublished|pubdate|publishdate|dc\.date|DC\.date\.issued|date)["'][^>]*>""",
    re.IGNORECASE,
)
_CONTENT = re.compile(rb"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_JSONLD_DATE = re.compile(rb'"datePublished"\s*:\s*"([^"]+)"')


class ExtractionError(ValueError):
    """The page held no article text we could use; the message says why."""


@dataclass
class Extracted:
    title: str | None
    text: str
    published: str | None          # ISO-8601 UTC
    published_basis: str           # feed | page_metadata | none
    language: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_datetime(raw: str | None) -> datetime | None:
    """Parse an ISO-8601 or RFC 822 date to aware UTC; None for anything unusable."""
    if not raw:
        return None
    value = raw.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def plausible(when: datetime | None, now: datetime | None = None) -> datetime | None:
    """Drop dates no news article can have: before 1990 or more than a day in the future."""
    if when is None:
        return None
    now = now or datetime.now(UTC)
    if when.year < 1990 or when > now + timedelta(days=1):
        return None
    return when


def page_metadata_date(html: bytes) -> datetime | None:
    """The publication date a page declares in meta tags or JSON-LD, if any."""
    head = html[:200_000]
    for tag in _META_DATE.finditer(head):
        content = _CONTENT.search(tag.group(0))
        if content:
            parsed = parse_datetime(content.group(1).decode("utf-8", "replace"))
            if parsed:
                return parsed
    match = _JSONLD_DATE.search(head)
    if match:
        return parse_datetime(match.group(1).decode("utf-8", "replace"))
    return None


# Characters classified: the cost grows with the prefix, the verdict does not. On the 974 evaluation
# texts and samples in every allowed language, prefixes from 600 to 5,000 characters agreed on every
# text; 2,000 keeps a margin for pages that open with a byline or a dateline in another script.
LANGUAGE_PREFIX = 2000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text; None when there is too little text to say."""
    if len(text) < 20:
        return None
    import py3langid

    lang, _score = py3langid.classify(text[:LANGUAGE_PREFIX])
    return str(lang)


def page_title(tree: Any) -> str | None:
    """The title trafilatura's metadata pass would report for a parsed page, without the rest of it.

    Same steps and order as ``trafilatura.metadata.extract_metadata`` for the title: meta tags
    (OpenGraph first), then JSON-LD (which overrides), then the page's headings and <title>, then
    the same trimming (``Document.clean_and_trim``). None of these steps modifies the tree.
    tests/extract/test_extract_page.py checks the result equals ``extract_metadata(...).title``.
    """
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
    from trafilatura.settings import Document

    metadata = examine_meta(tree)
    with contextlib.suppress(Exception):  # extract_metadata swallows JSON-LD parser bugs the same way
        metadata = extract_meta_json(tree, metadata)
    title = metadata.title or extract_title(tree)
    if not isinstance(title, str):
        return None
    trimmed = Document()
    trimmed.title = title
    trimmed.clean_and_trim()
    return trimmed.title or None


# Under this much prose, the precise extraction is checked against the default one (see extract_page).
FALLBACK_MAX_PROSE = 150
FALLBACK_MIN_GAIN = 200
_PROSE_LINE = re.compile(r"^(?:\S+\s+){7,}\S*[.!?\"”’)]\s*$")


_WORD = re.compile(r"[^\W\d_]{4,}")
# A site's name and tagline ("Frontline Today — independent news from the front", "Daily Post | Home"): an <h1>
# replaces only a title of that shape, not a headline worded differently from a section-name <h1>.
_SITE_NAME_SHAPE = re.compile(r"\s[—–|-]\s|\s[|·]\s*\w|^\W*\w+(?:\s+\w+){0,2}\W*$")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _headline(title: str | None, feed_title: str | None, tree: Any) -> str | None:
    """The page's title, unless it shares no word with the feed's headline or the page's only long <h1>:
    then it is the site's name ("Frontline Today — independent news"), and the headline is that one."""
    title = (title or "").strip() or None
    feed = (feed_title or "").strip() or None
    other = feed
    if other is None:
        h1s = tree.xpath("//h1")
        text = " ".join(h1s[0].text_content().split()) if len(h1s) == 1 else ""
        other = text if len(text.split()) >= 5 else None
    if title is None or (other is not None and not _words(title) & _words(other)
                         and (feed is not None or _SITE_NAME_SHAPE.search(title))):
        return other
    return title


def _text(doc: Any) -> str:
    return (getattr(doc, "text", None) or "").strip() if doc is not None else ""


def _prose_chars(text: str) -> int:
    """Characters in lines that read as sentences (eight words or more, ending like a sentence)."""
    return sum(len(line) for line in text.splitlines() if _PROSE_LINE.match(line))


def extract_page(
    html: bytes, url: str | None = None, *, feed_published: str | None = None, feed_title: str | None = None
) -> Extracted:
    """Extract one page. Raises ExtractionError when no article text is found."""
    import trafilatura

    if not html or not html.strip():
        raise ExtractionError("empty page body")
    head = html[:2048].lstrip().lower()
    if head.startswith(b"%pdf") or b"\x00" in html[:1024]:
        raise ExtractionError("body is not HTML (binary content)")
    from trafilatura.settings import DEFAULT_CONFIG
    from trafilatura.utils import load_html

    # One parse serves the title and the text: bare_extraction works on a copy of a tree it is given.
    # The size cap is the one bare_extraction applies to raw bytes (decompressing a gzip body).
    tree = load_html(html, DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE"))
    if tree is None:
        raise ExtractionError("no article text found in the page (empty extraction)")
    text = _text(trafilatura.bare_extraction(tree, url=url, **EXTRACT_OPTIONS))
    # favor_precision drops whole bodies laid out in tables and <br> runs, or keeps only a gallery's intro:
    # when it finds next to no prose (lines that read as sentences) and the default extraction finds far
    # more, the page's text is that. Link rows and menus it brings along are short lines, which the tagger
    # treats as page furniture. (Only then: beside even a short story, more prose is mostly teasers of other
    # stories, "Read next" blocks written as sentences. A live page of which only the newest entry was kept
    # looks the same as a story with teasers, and is left as it is.)
    prose = _prose_chars(text)
    if prose < FALLBACK_MAX_PROSE:
        wider = _text(trafilatura.bare_extraction(tree, url=url, **{**EXTRACT_OPTIONS, "favor_precision": False}))
        if _prose_chars(wider) >= 4 * prose + FALLBACK_MIN_GAIN:
            text = wider
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionError("no article text found in the page (empty extraction)")
    title = _headline(page_title(tree), feed_title, tree)

    published = plausible(parse_datetime(feed_published))
    basis = "feed"
    if published is None:
        published = plausible(page_metadata_date(html))
        basis = "page_metadata"
    if published is None:
        basis = "none"
    return Extracted(
        title=title,
        text=text,
        published=published.isoformat() if published else None,
        published_basis=basis,
        language=detect_language(text),
    )
