"""Rules of the sixteenth session (guide, "Sixteenth session"), each beside the look-alike it must
leave alone."""

from __future__ import annotations

import pytest

from transform.tagger import actors


@pytest.mark.parametrize(("sentence", "source"), [
    # The one who declares a step is its actor; the source is who reports it.
    ("Putin declared a three-day ceasefire for the Victory Day holiday, the Kremlin said on Tuesday.", "Kremlin"),
    ("On Friday evening Vladimir Putin declared an Easter truce lasting until Sunday night, the Kremlin said.",
     "Kremlin"),
    ("Vladimir Putin has declared a 30-hour truce along the front, the Kremlin said, during which all units "
     "would hold fire.", "Kremlin"),
    # With no other source in the sentence the one declaring stays the source.
    ("Qatar announced on Tuesday that the two sides had agreed to exchange 200 prisoners.", "Qatar"),
    ("The defence ministry announced that 40 drones had been shot down over the Belgorod region.", "defence ministry"),
    # A dateline, a weekday and a tense's auxiliary are not part of the source's name.
    ("MOSCOW — Russia's defence ministry said its air defences destroyed 43 drones overnight.",
     "Russia's defence ministry"),
    ("KHARTOUM — Sudan's paramilitary Rapid Support Forces on Sunday declared a three-month truce.",
     "Sudan's paramilitary Rapid Support Forces"),
    ("Azerbaijan has said it will sign the treaty only after Armenia changes its constitution.", "Azerbaijan"),
    ("Gladkov also said a drone had hit a grain elevator in the district.", "Gladkov"),
    # (and a name that begins like an article keeps its first letter)
    ("Armenia's foreign ministry said the commissions would meet on March 20.", "Armenia's foreign ministry"),
    ("An Egyptian official said the delegations met in Cairo on Monday.", "Egyptian official"),
])
def test_the_source_of_a_sentence(sentence: str, source: str) -> None:
    assert actors.attribution(sentence) == source


def test_a_step_declared_by_someone_is_no_source() -> None:
    # ("A truce declared by Putin ended ...": the truce reports nothing)
    got = actors.attribution("MOSCOW/KYIV — A 30-hour Easter truce declared by Vladimir Putin ended at midnight "
                             "with both sides trading blame.")
    assert got is None or "truce" not in got.lower()
