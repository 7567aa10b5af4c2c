"""Token offsets found with `str.find` must be those of the token regex's own matches.

The gazetteer and actor lookups take token offsets from `resources.token_starts` instead of a Match
object per token; evidence offsets and place spans depend on them being exact, also where a token's
text occurs earlier in the sentence or the gaps hold underscores, dashes and quotes.
"""

from __future__ import annotations

import re

import pytest

from transform.tagger import actors, places
from transform.tagger.resources import load, token_starts

RES = load()

# Written for these tests: repeated words, tokens inside other tokens, odd gaps.
SENTENCES = [
    "Kyiv said Kyiv's air defences shot down drones over Kyiv region.",
    "In U.S.-brokered talks, the U.S. envoy met officials in Riyadh; US-Ukraine talks resume.",
    "__Odesa__ -- odesa … Odesa’s port, the Odesa region's Izmail district (photo: a_b).",
    "A A A a. B-52 b52 52 5-2 x",
    "   ",
    "",
    "Zaporizhzhia Nuclear Power Plant — Zaporizhzhia, Zaporizhzhia Oblast.",
]


@pytest.mark.parametrize("token", [places._TOKEN, actors._TOKEN])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_offsets_match_the_regex_spans(token: re.Pattern[str], sentence: str) -> None:
    words = token.findall(sentence)
    spans = [m.span() for m in token.finditer(sentence)]
    starts: list[int] = []
    for upto in range(len(words)):  # extended a step at a time, as the lookups do
        token_starts(sentence, words, starts, upto)
    assert [(s, s + len(w)) for s, w in zip(starts, words, strict=True)] == spans
    if words:  # and in one go
        assert token_starts(sentence, words, [], len(words) - 1) == starts


def test_place_and_actor_spans_point_at_their_names() -> None:
    sentence = "Officials in Kyiv said Russian drones hit the Odesa region's port; Kyiv blamed Russia."
    for pm in places.find(sentence, RES):
        assert sentence[pm.start:pm.start + len(pm.text)] == pm.text
    found = actors.mentions(sentence, RES)
    assert found
    for _name, start, end in found:
        assert sentence[start:end].strip() and sentence[start - 1] in " ("
        assert end == len(sentence) or not sentence[end].isalnum()
