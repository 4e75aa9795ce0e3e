"""Linking a case's gaps to its municipality's registered actors (graph/municipality/linking.py)."""

from __future__ import annotations

from graph.analysis import analyse_case
from graph.format.validation import validate_municipality
from graph.municipality.files import shipped_files
from graph.municipality.linking import (
    gap_link,
    gap_links,
    municipality_for_case,
    registered_actor_for,
    registered_actors_for,
)
from tests.conftest import make_case

HOLMESTRAND = shipped_files()[0].municipality


def small(number: str = "3903", actors=()):
    return validate_municipality(
        {"format": "tverrkart-municipality/1", "kommunenummer": number, "actors": list(actors)}
    )


def test_the_registered_actor_of_the_missing_type_is_found() -> None:
    actor = registered_actor_for("barnevern", HOLMESTRAND)
    assert (actor.id, actor.contact[:10]) == ("barnevern", "954 42 020")
    assert (
        gap_link("barnevern", HOLMESTRAND)
        .text()
        .startswith("Barneverntjenesten: Barneverntjenesten, 954 42 020")
    )


def test_exact_types_come_before_equivalent_ones() -> None:
    ids = [a.id for a in registered_actors_for("politi", HOLMESTRAND)]
    assert ids == ["politiet", "politistasjonssjef", "politikontakt"]


def test_an_equivalent_type_fills_the_gap_when_the_exact_one_is_missing() -> None:
    municipality = small(actors=[{"id": "slt", "type": "slt_koordinator", "label": "SLT"}])
    assert registered_actor_for("kommune", municipality).id == "slt"
    # One-way: a municipal employee is not the SLT-koordinator.
    other = small(actors=[{"id": "k", "type": "kommune", "label": "Rådmann"}])
    assert registered_actor_for("slt_koordinator", other) is None


def test_a_regional_body_is_offered_when_nobody_is_registered() -> None:
    link = gap_link("rvts", small())
    assert not link.actors and link.regional.name == "RVTS Sør"
    assert link.text() == (
        "RVTS (regionalt ressurssenter): ingen registrert i kommunen. Regionalt: RVTS Sør (usikker)"
    )
    assert (
        gap_link("pst", small())
        .text()
        .endswith("Nasjonalt: PST (Politiets sikkerhetstjeneste), 23 30 50 00")
    )


def test_nothing_registered_and_no_regional_body() -> None:
    link = gap_link("familievern", small())
    assert not link.found
    assert link.text() == "Familievernkontor: ingen registrert i kommunen."


def test_the_case_must_name_the_municipality_of_the_file() -> None:
    assert municipality_for_case("3903", [None, HOLMESTRAND]) is HOLMESTRAND
    assert municipality_for_case("0301", [HOLMESTRAND]) is None
    assert municipality_for_case(None, [HOLMESTRAND]) is None


def test_every_gap_of_a_case_gets_a_link() -> None:
    case = make_case(
        [("mor", "foresatte", 1)],
        age=16,
        situation=["planned_travel", "wants_exit"],
    )
    case = case.model_copy(update={"municipality": "3903"})
    gaps = [gap["type"] for gap in analyse_case(case)["gaps"]]
    links = gap_links(case.municipality, gaps, [HOLMESTRAND])
    assert list(links) == list(dict.fromkeys(gaps))
    assert links["barnevern"].actors[0].label == "Barneverntjenesten"
    assert links["radikaliseringskontakt"].actors[0].id == "politikontakt"
    assert links["rvts"].regional.display() == "RVTS Sør (usikker)"


def test_no_links_when_the_case_names_no_municipality() -> None:
    assert gap_links(None, ["barnevern"], [HOLMESTRAND]) == {}
