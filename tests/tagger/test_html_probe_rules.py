"""Rules from the fifteenth session's probe of whole HTML pages (40 pages written by a helper who never
read the rules, run through extraction and tagging; guide, "HTML page probe round")."""

from __future__ import annotations

from datetime import datetime

from transform.tagger import tag

PUB = datetime.fromisoformat("2026-05-08T09:00:00+00:00")


def _negotiations(title: str, text: str) -> list[dict]:
    return [e for e in tag(title, text, PUB) if e["type"] == "negotiation"]


def test_a_summary_list_item_without_a_full_stop_is_the_article_speaking() -> None:
    text = ("Key points:\n"
            "- Armenia and Azerbaijan agreed in Abu Dhabi on 6 May to exchange 40 detainees each\n"
            "- The meeting lasted about two hours\n"
            "Officials on both sides described the atmosphere as calm.")
    got = _negotiations("Caucasus talks end early", text)
    assert [e["subtype"] for e in got] == ["prisoner_exchange"]
    # look-alike: the same line in a list of links under "Related" stays furniture
    text = ("Officials on both sides described the atmosphere as calm at the trade fair in Baku.\n"
            "Related:\n"
            "- Armenia and Azerbaijan agreed in Abu Dhabi on 6 May to exchange 40 detainees each\n"
            "- Drone makers show new models in Baku")
    assert _negotiations("Trade fair opens in Baku", text) == []


def test_mediators_inviting_both_sides_to_a_dated_round_set_talks() -> None:
    got = _negotiations("", "Saudi and US mediators have invited both sides to a new round of talks in Jeddah on "
                        "May 20, a Saudi official said on Thursday.")
    assert [(e["subtype"], e["location"]["place"]) for e in got] == [("talks_scheduled", "Jeddah")]
    got = _negotiations("", "Qatar invited Israel and Hamas to a new round of indirect talks in Doha on Monday.")
    assert [(e["subtype"], e["location"]["place"]) for e in got] == [("talks_scheduled", "Doha")]


def test_invitations_that_set_no_round() -> None:
    # one side's allies, and an invitation turned down
    assert _negotiations("", "Kyiv invited its allies to a meeting in Paris on Thursday.") == []
    assert _negotiations("", "Zelensky invited Putin to a meeting in Kyiv, which the Kremlin rejected.") == []
