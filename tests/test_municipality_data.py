"""Data integrity of data/municipalities/: the 357 municipalities, regional bodies, crosswalk.

Every fact must name a source that resolves, low confidence must stay marked, and the
data must agree with the project's reference files (../shared/reference/) when they are
there.
"""

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from graph.municipality.regional import body_facts, regional_bodies
from graph.reference.crosswalk import load_crosswalk, old_number_hint, successors
from graph.reference.registry import (
    CONFIDENCE_LEVELS,
    load_kommuner,
    search_kommuner,
)
from graph.reference.sources import check_source, data_sources, describe_source
from tests.conftest import ROOT

DATA = ROOT / "data" / "municipalities"
REFERENCE = ROOT.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason="shared/reference is not next to the repository"
)
KOMMUNER = load_kommuner()


def _reference(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- the 357


def test_there_are_357_unique_four_digit_numbers() -> None:
    with (DATA / "kommuner_2024.csv").open(encoding="utf-8", newline="") as handle:
        numbers = [row["kommunenummer"] for row in csv.DictReader(handle)]
    assert len(numbers) == 357
    assert len(set(numbers)) == 357
    assert all(len(n) == 4 and n.isdigit() for n in numbers)
    assert len(KOMMUNER) == 357


def test_each_municipality_has_a_fylke_and_all_three_regional_bodies() -> None:
    for kommune in KOMMUNER.values():
        assert kommune.name and kommune.fylke
        assert kommune.number.startswith(kommune.fylkesnummer)
        for fact in kommune.regional():
            assert fact.name, (kommune.number, fact.kind)
            assert fact.confidence in CONFIDENCE_LEVELS
            assert fact.basis, (kommune.number, fact.kind)
            assert fact.sources, (kommune.number, fact.kind)


def test_there_are_15_fylker_and_12_police_districts() -> None:
    assert len({k.fylke for k in KOMMUNER.values()}) == 15
    assert len({k.politidistrikt.name for k in KOMMUNER.values()}) == 12


def test_counts_per_police_district_match_the_bodies_file() -> None:
    counts = Counter(k.politidistrikt.name for k in KOMMUNER.values())
    expected = {
        name: entry["kommuner_2024"] for name, entry in body_facts()["politidistrikter"].items()
    }
    assert counts == expected
    assert sum(expected.values()) == 357


@needs_reference
def test_counts_per_police_district_match_the_reference() -> None:
    counts = Counter(k.politidistrikt.name for k in KOMMUNER.values())
    reference = {
        row["politidistrikt"]: int(row["kommune_count_2024_derived"])
        for row in _reference("police_districts.csv")
    }
    assert counts == reference


@needs_reference
def test_names_fylker_and_bodies_match_the_reference() -> None:
    kommuner = {row["kommunenummer"]: row for row in _reference("kommuner_2024.csv")}
    bodies = {row["kommunenummer"]: row for row in _reference("kommune_regional_bodies_2024.csv")}
    assert set(kommuner) == set(KOMMUNER) == set(bodies)
    for number, kommune in KOMMUNER.items():
        assert kommune.name == kommuner[number]["kommunenavn"]
        assert kommune.fylke == kommuner[number]["fylkesnavn"]
        assert kommune.politidistrikt.name == bodies[number]["politidistrikt"]
        rvts = bodies[number]["rvts_region"]
        assert kommune.rvts.name.split(" eller ")[0] in rvts


@needs_reference
def test_confidence_is_never_raised_above_the_reference() -> None:
    """A fact the reference rates below high is never shown as certain."""
    bodies = {row["kommunenummer"]: row for row in _reference("kommune_regional_bodies_2024.csv")}
    for number, kommune in KOMMUNER.items():
        row = bodies[number]
        for kind, column in (
            ("politidistrikt", "politidistrikt_confidence"),
            ("rvts", "rvts_confidence"),
            ("konfliktrad", "konfliktrad_confidence"),
        ):
            if not row[column].startswith("high"):
                assert getattr(kommune, kind).uncertain, (number, kind, row[column])


def test_unresolved_assignments_name_both_candidates_and_are_marked_usikker() -> None:
    buskerud = [k for k in KOMMUNER.values() if k.fylke == "Buskerud"]
    assert len(buskerud) == 18
    for kommune in buskerud:
        assert kommune.rvts.name == "RVTS Øst eller RVTS Sør"
        assert kommune.rvts.display().endswith("(usikker)")
    sirdal = KOMMUNER["4228"]
    assert sirdal.politidistrikt.name == "Sør-Vest politidistrikt"
    assert " eller " in sirdal.konfliktrad.name and sirdal.konfliktrad.mark == "usikker"


@pytest.mark.parametrize(
    ("number", "district"),
    [
        ("1811", "Trøndelag politidistrikt"),  # Bindal, Nordland
        ("3201", "Oslo politidistrikt"),  # Bærum, Akershus
        ("3203", "Oslo politidistrikt"),  # Asker
        ("3234", "Innlandet politidistrikt"),  # Lunner
        ("3236", "Sør-Øst politidistrikt"),  # Jevnaker
        ("4228", "Sør-Vest politidistrikt"),  # Sirdal, Agder
        ("4614", "Sør-Vest politidistrikt"),  # Stord, Vestland
        ("5516", "Nordland politidistrikt"),  # Gratangen, Troms
        ("3903", "Sør-Øst politidistrikt"),  # Holmestrand
    ],
)
def test_the_police_district_exceptions(number: str, district: str) -> None:
    assert KOMMUNER[number].politidistrikt.name == district


def test_holmestrand_regional_bodies_with_their_marks() -> None:
    shown = [(b.kind, b.display()) for b in regional_bodies(KOMMUNER["3903"])]
    assert shown == [
        ("politidistrikt", "Sør-Øst politidistrikt"),
        ("rvts", "RVTS Sør (usikker)"),
        ("konfliktrad", "Konfliktrådet Sør-Øst (usikker)"),
        ("pst", "PST (Politiets sikkerhetstjeneste)"),
        ("nav", "NAV (nasjonalt)"),
    ]


def test_every_body_named_for_a_municipality_has_facts() -> None:
    facts = body_facts()
    for kommune in KOMMUNER.values():
        assert kommune.politidistrikt.name in facts["politidistrikter"]
        for name in kommune.rvts.name.split(" eller "):
            assert name in facts["rvts"]
        for name in kommune.konfliktrad.name.split(" eller "):
            assert name in facts["konfliktrad"]["bodies"]


# --------------------------------------------------------------------------- sources


def _every_source() -> list[str]:
    found = []
    for kommune in KOMMUNER.values():
        found.extend(kommune.sources)
        for fact in kommune.regional():
            found.extend(fact.sources)
    found.extend(s for change in load_crosswalk() for s in change.sources)
    for body in regional_bodies(KOMMUNER["0301"]):
        found.extend(body.sources)
    facts = body_facts()
    for table in (facts["politidistrikter"], facts["rvts"], facts["konfliktrad"]["bodies"]):
        for entry in table.values():
            found.extend(entry["sources"])
            found.extend(entry.get("contact_sources", []))
    found.extend(facts["police_contact"]["sources"])
    found.extend(facts["konfliktrad"]["contact_sources"])
    for entry in facts["national"].values():
        found.extend(entry["sources"])
    return found


def test_every_source_resolves_and_can_be_described() -> None:
    for source in set(_every_source()):
        check_source(source)
        assert describe_source(source)


def test_the_kommune_list_names_kartverket_and_its_licence() -> None:
    source = data_sources()["ref-kommuner"]
    assert "Kartverket" in source.publisher
    assert "CC BY 4.0" in source.licence


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for child in value.values() for s in _strings(child)]
    if isinstance(value, list):
        return [s for child in value for s in _strings(child)]
    return []


def test_no_doubtful_or_misattributed_phone_number_is_shipped() -> None:
    bodies = tomllib.loads((DATA / "regional_bodies.toml").read_text(encoding="utf-8"))
    assert not [s for s in _strings(bodies) if "02180" in s]  # doubtful (contact_points.csv)
    assert "02800" not in " ".join(_strings(bodies["konfliktrad"]))  # the police's number


# --------------------------------------------------------------------------- crosswalk


def test_alesund_1507_was_split_into_alesund_and_haram() -> None:
    assert [(k.number, k.name) for k in successors("1507")] == [
        ("1508", "Ålesund"),
        ("1580", "Haram"),
    ]
    assert old_number_hint("1507") == (
        "1507 er et kommunenummer fra før 2024: Ålesund er delt i 1508 Ålesund og 1580 Haram."
    )


def test_every_2020_number_leads_to_a_2024_municipality() -> None:
    rows = load_crosswalk()
    assert len({row.number_2020 for row in rows}) == 356
    assert {row.number_2024 for row in rows} == set(KOMMUNER)
    for row in rows:
        assert row.change in {"unchanged", "renumbered", "split"}
        assert row.sources


def test_old_numbers_are_explained_and_current_ones_are_not() -> None:
    assert old_number_hint("3803") == "3803 er et kommunenummer fra før 2024: Tønsberg har nå 3905."
    assert old_number_hint("3802") == (
        "3802 er et kommunenummer fra før 2024: Holmestrand har nå 3903."
    )
    assert old_number_hint("0301") is None  # Oslo kept its number
    assert old_number_hint("9999") is None


@pytest.mark.parametrize(
    ("query", "number"),
    [("holmestrand", "3903"), ("3903", "3903"), ("HARAM", "1580"), ("hárstták", "5503")],
)
def test_search_by_name_or_number(query: str, number: str) -> None:
    assert number in [k.number for k in search_kommuner(query)]


def test_the_build_script_is_next_to_the_data_it_writes() -> None:
    assert Path(DATA / "build_from_reference.py").is_file()
