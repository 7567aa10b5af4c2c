"""Fast sentence splitting with character offsets, and page-clutter detection.

pysbd is far too slow for the throughput target (500 articles/s/core), so sentences come from one
compiled boundary regex plus an abbreviation check. Offsets are kept so evidence can be cut from the
original text verbatim. Lines that are page furniture (link lists, captions, short headings) are
flagged so the classifier can weigh them below prose.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from transform.tagger.resources import Resources

# A boundary: terminal punctuation, optional closing quotes/brackets, whitespace, then something that
# can start a sentence. A bullet after the stop belongs to the boundary: a list flattened onto one line
# ("- Two ships sunk. - Talks resume on Monday.") is one sentence per item.
_BOUNDARY = re.compile(r"([.!?]+[\"'”’)\]]*)\s+(?:[-–—•▪·*]\s+)?(?=[\"'“‘(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_ABBREV = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "st", "mt", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vol", "u.s", "u.k",
    "u.n", "e.g", "i.e", "etc", "vs", "approx", "est", "dept", "gov", "sen", "rep", "jr", "sr", "inc", "ltd",
    "co", "corp", "adm", "cmdr",
})
# "6 p.m. Moscow time", "4 a.m. GMT": a clock time goes on; "until 4 a.m. Russia and Ukraine agreed ..." ends there.
_CLOCK = frozenset({"a.m", "p.m"})
_TIME_ZONE_AFTER = re.compile(r"(?:[A-Z][\w'’-]*\s+)?(?:time|GMT|UTC|CET|CEST|EET|EEST|MSK|EST|EDT)\b")
_TERMINAL = re.compile(r"[.!?…\"”’:)]\s*$")
_MORE_TEASER = re.compile(r"\s*more\s+(?:on\s+this\s+(?:story|topic|subject)|from\s+(?:[\w'’-]+\s+){0,2}[\w'’-]+)"
                          r"\s*(?:[:|»›▶►→]|[-–—]\s)")
# A line told by someone in the past tense, whose full stop was lost ("..., Governor Ivan Fedorov said", "“A drone hit
# our building at 3am,” said a resident"), is prose: headlines and link rows say "says".
_ATTRIBUTED = re.compile(r",\s+(?:[\w.'’-]+\s+){0,5}said\s*$|[”\"]\s*,?\s*said\s+\S", re.IGNORECASE)


class Sentence(NamedTuple):
    """One sentence with its offsets into the article (a tuple: articles have hundreds of them)."""

    start: int
    end: int
    text: str
    line_index: int
    clutter: bool


# A bulleted line that does not end like a sentence: a teaser in a link list ("— Russian drones hit
# Kyiv overnight, dozens injured (from Wednesday)"), not the report itself.
_BULLET_TEASER = re.compile(r"^\s*[—–•▪·*›»→►▶>-]\s+.*[^.!?\"”’\s]\s*$")


# A list item's mark: "- ", "• ", "1. ".
BULLET = re.compile(r"^\s*(?:[-–—•▪·*]|\d{1,2}[.)])\s+")
# A teaser's trailing note: "(from Wednesday)", "(video)", "(2:01)".
_DATED_TEASER = re.compile(r"\((?:from\s+\w+|video|watch|photos?|\d{1,2}:\d{2})\)\s*$")
# Items of a link row: "Ukraine and Russia swap bodies · Sea drones attack tanker off Crimea · EU leaders meet".
_LINK_ROW = re.compile(r"(?:\s[·|•]\s[^·|•]+){2,}$")


def _is_clutter(line: str, res: Resources, summary_item: bool = False) -> bool:
    """Page furniture rather than article prose: prompts, captions, link lists and short headings.

    An item of the article's own summary list is judged without its bullet, and without the tests for
    short lines and missing full stops (its items are written that way): "- Read more: ..." stays a link."""
    if summary_item:
        line = BULLET.sub("", line, count=1)
        low = line.lower()
        return bool(res.rx["clutter.line_prefix"].match(low) or res.rx["clutter.caption_inline"].search(low)
                    or _MORE_TEASER.match(low) or _DATED_TEASER.search(low))
    if _BULLET_TEASER.match(line) or (("·" in line or "|" in line or "•" in line) and _LINK_ROW.search(line)):
        return True
    low = line.lower()
    if res.rx["clutter.line_prefix"].match(low):
        return True
    if _MORE_TEASER.match(low) and not _TERMINAL.search(line):
        return True  # "More on this story: Drones hit refinery in Saratov | ..." (a live page's "More from Gaza: an
        # Israeli drone strike killed three ... on Tuesday." is a report)
    if res.rx["clutter.caption_inline"].search(low):
        return True
    # Only whether the line is shorter than a few words matters: split off no more than that many
    # (a paragraph is one line, and most lines split here are paragraphs).
    n_words = len(line.split(None, max(res.clutter_min_words, 4)))
    if n_words < res.clutter_min_words and not _TERMINAL.search(line) and not _ATTRIBUTED.search(line):
        # A short line that does not end like a sentence: a heading, a link or a caption.
        return True
    return n_words < 4


def split(text: str, res: Resources, wanted: set[int] | None = None,
          summary: frozenset[int] = frozenset()) -> list[Sentence]:
    """Split text into sentences (never across lines), each with its offset into text.

    With `wanted` (line indexes), only those lines are split: the tagger splits the lines that hold
    a trigger word and their neighbours, and skips the rest of the article. Lines in `summary` are
    the items of the article's own summary list, judged as such (see `_is_clutter`)."""
    out: list[Sentence] = []
    for line_index, line_match in enumerate(_LINE.finditer(text)):
        if wanted is not None and line_index not in wanted:
            continue
        line = line_match.group()
        if not line.strip():
            continue
        base = line_match.start()
        clutter = _is_clutter(line, res, summary_item=line_index in summary)
        start = 0
        for boundary in _BOUNDARY.finditer(line):
            mark = boundary.group()
            if mark[0] == ".":
                # Skip boundaries after abbreviations and initials ("Gen. Syrskyi", "J. Smith").
                words = line[start:boundary.start()].rsplit(None, 1)
                last = words[-1].lower().rstrip(".") if words else ""
                if last in _ABBREV or (len(last) == 1 and last.isalpha()) \
                        or (last in _CLOCK and _TIME_ZONE_AFTER.match(line, boundary.end())):
                    continue
            end = boundary.start() + len(boundary.group(1))
            _append(out, line, base, start, end, line_index, clutter)
            start = boundary.end()
        _append(out, line, base, start, len(line), line_index, clutter)
    return out


def _append(out: list[Sentence], line: str, base: int, start: int, end: int, line_index: int,
            clutter: bool) -> None:
    piece = line[start:end]
    body = piece.lstrip()
    if not body:
        return
    stripped = body.rstrip()
    s = base + start + len(piece) - len(body)
    out.append(Sentence(s, s + len(stripped), stripped, line_index, clutter))
