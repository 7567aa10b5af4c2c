"""The GeoNames towns (gazetteer_geonames.yaml): how they are chosen, and how the tagger reads them.

The builder's rules run on a small GeoNames-shaped fixture written here; the reading rules run on
the committed data file through the real tagger, each beside the look-alike it must not catch.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.tagger.rule_helpers import events_of
from transform.tagger import places
from transform.tagger.resources import DATA_DIR, _load, load

ROOT = Path(__file__).resolve().parents[2]


def _builder():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _city(gid: int, name: str, cc: str, pop: int, lat: float, lon: float, admin1: str = "01",
          alternates: list[str] | None = None) -> tuple[str, dict]:
    return str(gid), {"geonameid": gid, "name": name, "countrycode": cc, "population": pop, "latitude": lat,
                      "longitude": lon, "admin1code": admin1, "alternatenames": alternates or []}


CURATED = {
    "region_suffixes": ["region", "oblast"],
    "places": [
        {"place": "Sumy Oblast", "kind": "admin1", "admin1": "Sumy Oblast", "country": "Ukraine", "lat": 50.9,
         "lon": 34.8, "names": ["Sumy Oblast"], "stems": ["Sumy"]},
        {"place": "Sumy", "kind": "city", "admin1": "Sumy Oblast", "country": "Ukraine", "lat": 50.91,
         "lon": 34.80, "names": ["Sumy"]},
        {"place": "Pokrovsk", "kind": "city", "admin1": "Donetsk Oblast", "country": "Ukraine", "lat": 48.28,
         "lon": 37.18, "names": ["Pokrovsk"]},
        {"place": "Tomsk Oblast", "kind": "admin1", "admin1": "Tomsk Oblast", "country": "Russia", "lat": 56.5,
         "lon": 84.98, "names": ["Tomsk Oblast"], "stems": ["Tomsk"], "capital": "Tomsk"},
        {"place": "Sagaing Region", "kind": "admin1", "admin1": "Sagaing Region", "country": "Myanmar", "lat": 22.0,
         "lon": 95.9, "names": ["Sagaing Region"], "stems": ["Sagaing"]},
    ],
}


@pytest.fixture(scope="module")
def built() -> dict[str, dict]:
    cities = dict([
        _city(1, "Sumy", "UA", 260000, 50.9077, 34.7981, "21"),  # the curated city: maps code 21 to Sumy Oblast
        _city(2, "Velyka Pysarivka", "UA", 5235, 50.42, 35.48, "21", ["Velika Pisarivka"]),
        _city(3, "Slovyansk", "UA", 105141, 48.85, 37.60, "05", ["Sloviansk", "Slovyanska", "Slavyansk"]),
        _city(4, "Pervomaisk", "UA", 60000, 48.04, 30.85, "12"),
        _city(5, "Pervomaisk", "UA", 40000, 48.63, 38.55, "09"),   # similar size: the name is left out
        _city(6, "Hlukhiv", "UA", 33000, 51.68, 33.91, "21"),
        _city(7, "Hlukhiv", "UA", 1200, 49.10, 30.00, "12"),       # 27 times smaller: Hlukhiv is the big one
        _city(8, "Pokrovsk", "RU", 9763, 61.48, 129.14, "66", ["Pokrowsk"]),  # namesake of a curated town
        _city(9, "Sumska Zona", "UA", 60000, 50.93, 34.82, "21"),  # 3 km from Sumy, four times smaller: kept
        _city(10, "Zarichnyi", "UA", 40000, 50.92, 34.79, "21"),   # 1 km from Sumy, 6.5 times smaller: a district
        _city(11, "Progress", "RU", 6000, 55.0, 40.0, "48"),       # an ordinary word
        _city(12, "Kharkiv", "UA", 1430000, 49.99, 36.23, "07"),
        _city(13, "Tomsk", "RU", 574002, 56.50, 84.98, "75"),     # no curated town in its region: found by capital
        _city(14, "Seversk", "RU", 108000, 56.60, 84.89, "75"),
        _city(15, "Sagaing", "MM", 78000, 21.88, 95.98, "10"),    # "in Sagaing" is the region in Myanmar reports
    ])
    countries = {"UA": {"name": "Ukraine", "capital": "Kyiv"}, "RU": {"name": "Russia", "capital": "Moscow"},
                 "MM": {"name": "Myanmar", "capital": "Naypyidaw"}}
    places_, _stats = _builder().build(cities, countries, CURATED, vocab={"progress", "energy"})
    return {p["place"]: p for p in places_}


def test_builder_imports_towns_with_the_curated_region_names(built: dict[str, dict]) -> None:
    town = built["Velyka Pysarivka"]
    assert (town["admin1"], town["country"]) == ("Sumy Oblast", "Ukraine")
    assert "Velika Pisarivka" in town["names"]  # a transliteration of the same name
    assert "Sumy" not in built  # the curated gazetteer already has it


def test_builder_finds_a_region_through_its_capital(built: dict[str, dict]) -> None:
    assert (built["Seversk"]["admin1"], built["Seversk"]["country"]) == ("Tomsk Oblast", "Russia")
    # In Russia and Ukraine a bare name is the city ("in Tomsk"); the region's stem does not block it.
    assert built["Tomsk"]["admin1"] == "Tomsk Oblast"
    assert "Sagaing" not in built


def test_builder_prefers_the_current_romanisation_and_drops_inflected_forms(built: dict[str, dict]) -> None:
    assert "Sloviansk" in built
    names = built["Sloviansk"]["names"]
    assert "Slovyansk" in names and "Slavyansk" in names
    assert "Slovyanska" not in names  # an inflected form, not a spelling


def test_builder_leaves_out_names_shared_by_places_of_similar_size(built: dict[str, dict]) -> None:
    assert "Pervomaisk" not in built
    assert built["Hlukhiv"]["lat"] == 51.68  # five times larger than its namesake: kept, and the right one


def test_builder_never_imports_a_namesake_of_a_curated_place(built: dict[str, dict]) -> None:
    assert not any(p["country"] == "Russia" and p["lat"] == 61.48 for p in built.values())


def test_builder_drops_city_districts_and_ordinary_words(built: dict[str, dict]) -> None:
    assert "Zarichnyi" not in built  # a district of Sumy by distance and size
    assert "Sumska Zona" in built  # near, but not five times smaller
    assert "Progress" not in built


def test_the_committed_file_loads_and_never_overrides_curated_names() -> None:
    data = _load("gazetteer_geonames.yaml")
    assert len(data["places"]) > 5000
    for entry in data["places"][:: max(1, len(data["places"]) // 500)]:
        assert entry["country"] and entry["names"] and -90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180
    index = load().gazetteer_index
    assert not index["pokrovsk"].minor and index["pokrovsk"].country == "Ukraine"
    assert index["ukhta"].minor and index["ukhta"].country == "Russia"
    assert not index["kstovo"].minor  # written by hand before the import: the hand-written entry stays
    assert "gazetteer_geonames.yaml" in {p.name for p in DATA_DIR.iterdir()}


def _found(sentence: str) -> list[str]:
    return [pm.place.place for pm in places.find(sentence, load())]


def test_an_imported_town_counts_where_the_sentence_puts_something_there() -> None:
    assert "Semiluki" in _found("Debris from a downed drone damaged a house in Semiluki overnight.")
    assert "Ukhta" in _found("Drones hit the Ukhta refinery before dawn.")
    # A person named like a town is not a place.
    assert "Gusev" not in _found("Governor Alexander Gusev said debris damaged a house.")
    assert "Gusev" not in _found("Two drones were shot down, according to Gusev.")
    assert "Gusev" in _found("A drone hit a warehouse in Gusev, officials in Kaliningrad said.")


def test_an_imported_town_in_another_region_than_the_one_named_is_a_namesake() -> None:
    # Kozinka (imported) lies in the Belgorod region; named beside the Voronezh region it is not that one.
    assert "Kozinka" not in _found("The governor of the Voronezh region said debris fell on Kozinka.")
    assert "Kozinka" in _found("The governor of the Belgorod region said debris fell on Kozinka.")


def test_a_settlement_named_as_part_of_a_city_is_the_place() -> None:
    ev = events_of("Debris from a downed drone fell on a private house in the Voronezh suburb of Semiluki "
                   "on Tuesday night, the governor said.", "drone_strike")
    assert [e["location"]["place"] for e in ev] == ["Semiluki"]
    ev = events_of("Debris from a downed drone fell on a private house in Voronezh on Tuesday night, "
                   "the governor said.", "drone_strike")
    assert [e["location"]["place"] for e in ev] == ["Voronezh"]


def test_a_facility_named_after_a_small_town_is_in_that_town() -> None:
    ev = events_of("On Tuesday night drones struck the Ukhta refinery, far to the north of Moscow, the company said.",
                   "drone_strike")
    assert [e["location"]["place"] for e in ev] == ["Ukhta"]
    # A facility named after a big city stays with the town the sentence puts it in (guide § 5).
    ev = events_of("On Tuesday night a drone hit the Zaporizhzhia nuclear plant in Enerhodar, the operator said.",
                   "drone_strike")
    assert [e["location"]["place"] for e in ev] == ["Enerhodar"]


def test_a_list_of_venues_recounts_history_not_one_step() -> None:
    assert not events_of("Deals signed in Lusaka, Nairobi and Addis Ababa over the years all promised peace "
                         "between the government and the rebels.", "negotiation")
    assert events_of("In Muscat, Houthi and Saudi delegations held talks on Sunday on a prisoner release, "
                     "state media reported.", "negotiation")


@pytest.mark.parametrize(("sentence", "town"), [
    ("Debris fell on a supermarket in the Obolon district of Kyiv overnight.", "Obolon"),  # a district
    ("Prices on the Chicago exchange fell after the announcement.", "Chicago"),  # a market named after it
    ("Flights at Saratov's Gagarin airport were suspended for several hours.", "Gagarin"),  # a facility
    ("The fighting moved to the banks of the Oskil overnight.", "Oskil"),  # a river
])
def test_an_imported_name_used_for_something_else_is_not_the_town(sentence: str, town: str) -> None:
    assert town not in _found(sentence)


def test_an_imported_town_with_its_facility_or_as_part_of_a_place_still_counts() -> None:
    assert "Ukhta" in _found("Drones hit the Ukhta refinery before dawn.")
    assert "Semiluki" in _found("Debris fell on a house in the Voronezh suburb of Semiluki overnight.")
    assert "Chicago" in _found("The delegations met in Chicago on Monday.")


def test_a_wire_byline_is_clutter() -> None:
    from transform.tagger.sentences import split

    text = ("A drone hit a warehouse in Peshawar on Monday, police said.\n\n"
            "Reporting by Asif Shahzad in Islamabad and Ali Khan in Quetta; editing by Sam Lee")
    assert [s.clutter for s in split(text, load())] == [False, True]


def test_the_generated_file_reads_the_same_as_json_lines_and_as_yaml(tmp_path, monkeypatch) -> None:
    from transform.tagger import resources

    assert resources._load_generated("gazetteer_geonames.yaml") == _load("gazetteer_geonames.yaml")
    # A hand edit in block style still loads (through YAML), never silently drops entries.
    (tmp_path / "g.yaml").write_text('places:\n  - {"place": "A", "names": ["A"]}\n  - place: B\n    names: [B]\n',
                                     encoding="utf-8")
    monkeypatch.setattr(resources, "DATA_DIR", tmp_path)
    assert [p["place"] for p in resources._load_generated("g.yaml")["places"]] == ["A", "B"]
