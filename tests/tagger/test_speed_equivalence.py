"""The speed shortcuts in the engine and classifier must give what the plain code gave.

`engine._holding` replaced a bisection per sentence with one walk, and `classify._fresh` a
`dataclasses.replace` with a dict copy; both are checked here against the code they replaced, on
the sentences of the cases files and on edge positions (a trigger on a sentence's first or last
character, or between two sentences), so a change that breaks either fails here rather than as a
quiet difference in the events.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
from pathlib import Path

import pytest

from transform.tagger.classify import _classify_drone, _classify_negotiation, _fresh
from transform.tagger.engine import _holding
from transform.tagger.resources import load, lower
from transform.tagger.sentences import split

RES = load()
HERE = Path(__file__).parent
TEXTS = [json.loads(line)["text"] for path in sorted(HERE.glob("cases*.jsonl"))
         for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _bisected(positions: list[int], start: int, end: int) -> bool:
    """The per-sentence test `_holding` replaced."""
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_trigger_flags_match_a_bisection_per_sentence(text: str) -> None:
    sentences = split(text, RES)
    low = lower(text)
    edges = sorted({p for s in sentences for p in (s.start - 1, s.start, s.end - 1, s.end) if 0 <= p < len(text)})
    for positions in ([m.start() for m in RES.trigger_drone.finditer(low)],
                      [m.start() for m in RES.trigger_negotiation.finditer(low)], edges, [], [0]):
        assert _holding(positions, sentences) == [_bisected(positions, s.start, s.end) for s in sentences]


def test_a_fresh_candidate_equals_dataclasses_replace() -> None:
    checked = 0
    for text in TEXTS:
        for s in split(text, RES):
            for cand in (_classify_drone(s.text, RES, False), _classify_negotiation(s.text, RES, False, ())):
                if cand is None:
                    continue
                got = _fresh(cand, 5)
                assert got == dataclasses.replace(cand, sentence_index=5, place_mentions=list(cand.place_mentions))
                assert got is not cand and got.place_mentions is not cand.place_mentions
                checked += 1
    assert checked > 20
