"""The first-character lookahead put in front of cue patterns must never change a match.

`resources.prefiltered` derives, from the parsed pattern, the characters a match can start with and
puts a lookahead on them in front of a `\\b(?:...)` pattern. It is a speed measure only: these tests
pin that every match (span and groups) stays the same, on the rule set's own patterns and on the
constructs the derivation has to get right (optional prefixes, classes, digits, groups), and that
patterns it cannot read exactly are left untouched.
"""

from __future__ import annotations

import re

import pytest

from transform.tagger import counts, dates
from transform.tagger.resources import load, lower_sentence, prefiltered

RES = load()

# Written for these tests: strike, talks, date and count phrasing of the kinds the rules look for.
SENTENCES = [
    "Russian drones struck an energy facility in Odesa on Sunday, killing two people and injuring 14 others.",
    "Air defences shot down 12 of 15 drones over the region overnight, the air force said on 3 March 2026.",
    "Delegations met in Istanbul on Friday and agreed a prisoner exchange of 1,000 for 1,000.",
    "The ministry denied the reports as fake news; no evidence was offered.",
    "Since last week, drones have become a daily threat - about 40 were launched on 2026-05-04.",
    "Talks are scheduled for next Tuesday, according to the envoy, after a 30-day ceasefire proposal.",
    "(Photo: a damaged building in Kharkiv) Image: Reuters",
    "Over the past two years, thousands of drones hit Ukrainian cities, often at night.",
    "",
    "9",
    "a b c",
]


def _matches(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


def _rule_patterns() -> dict[str, re.Pattern[str]]:
    out = dict(RES.rx)
    c = counts._compiled(RES)
    for key in ("launched", "downed", "killed", "injured"):
        out.update({f"counts.{key}{i}": rx for i, rx in enumerate(getattr(c, key))})
    out["counts.of_total"], out["counts.any_number"] = c.of_total, c.any_number
    d = dates._compiled(RES)
    for key in ("iso", "day_month", "month_day", "weekday", "month_only", "any_relative"):
        out[f"dates.{key}"] = getattr(d, key)
    return out


def test_the_rule_set_patterns_mostly_carry_a_lookahead() -> None:
    # The cue patterns open with \b(?:...): they are the ones the lookahead is for.
    patterns = _rule_patterns()
    with_lookahead = [k for k, rx in patterns.items() if rx.pattern.startswith("(?=[")]
    assert len(with_lookahead) > len(patterns) // 2
    assert patterns["modality.denial"].pattern.startswith("(?=[")
    assert patterns["dates.iso"].pattern.startswith("(?=[2])")


@pytest.mark.parametrize("name", sorted(k for k, rx in _rule_patterns().items() if rx.pattern.startswith("(?=[")))
def test_a_rule_pattern_matches_as_written_in_the_data(name: str) -> None:
    """Patterns left without a lookahead are compiled as written, so only the rewritten ones need this check."""
    rx = _rule_patterns()[name]
    original = re.compile(rx.pattern[rx.pattern.index("])(?:") + 5:-1], rx.flags)
    assert prefiltered(original).pattern == rx.pattern
    for sentence in SENTENCES:
        low = lower_sentence(sentence)
        assert _matches(rx, low) == _matches(original, low)
        for pos in range(0, len(low), 7):
            a, b = rx.match(low, pos), original.match(low, pos)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


@pytest.mark.parametrize("pattern, first", [
    (r"\b(?:drones?|uavs?)\b", "[du]"),
    (r"\b(?:the\s+)?(?:talks|truce)\b", "[t]"),              # optional prefix: its first letter and the next one
    (r"\b(?:at\s+least\s+)?\d+\s+drones", r"[\da]"),
    (r"\b(?:[a-c]x|(?:no|yes)\s+deal)\b", "[a-cny]"),
    (r"\b(?P<n>\d{1,3}(?:,\d{3})+|one|two)\b", r"[\dot]"),
])
def test_the_lookahead_lists_every_possible_first_character(pattern: str, first: str) -> None:
    rx = prefiltered(re.compile(pattern))
    assert rx.pattern == f"(?={first})(?:{pattern})"
    for text in ("no deal at least 3 drones the talks ax 1,000 two uavs yes  deal", "bx cx 12,000 truce"):
        assert _matches(rx, text) == _matches(re.compile(pattern), text)


@pytest.mark.parametrize("pattern, flags", [
    (r"^(?:related|read\s+more)", 0),          # anchored: already fast
    (r"[.!?]+\s+", 0),                           # opens with a class: the engine scans for it already
    (r"\b(?:talks|truce)\b", re.IGNORECASE),     # case-folded: a lower-case class would miss "Talks"
    (r"\b(?i:talks)\b", 0),                      # local flags
    (r"\b(?:talks)?\b", 0),                      # can match empty
    (r"\b(?:[^a]x|talks)", 0),                   # negated class
    (r"\b.\w+", 0),                              # any character
])
def test_patterns_it_cannot_read_exactly_are_left_alone(pattern: str, flags: int) -> None:
    rx = re.compile(pattern, flags)
    assert prefiltered(rx) is rx


def test_the_engine_scan_set_never_changes_a_match_at_any_position() -> None:
    """`_scanned` hands the regex engine the derived first characters; searching from every start
    position (as finditer and the rules' windowed searches do) must give what the plain pattern gives."""
    for key in ("negotiation.held", "modality.denial", "timing.anchor", "drone.aggregate"):
        rx = RES.rx[key]
        plain = re.compile(rx.pattern)  # the same text, compiled without the scan set
        for text in SENTENCES:
            low = lower_sentence(text)
            for pos in range(0, len(low) + 1, 7):
                a, b = rx.search(low, pos), plain.search(low, pos)
                assert (a and a.span()) == (b and b.span()), (key, text, pos)
