"""Tests for the ranked «whom to involve next» list (FORMATS.md §3.1 ``involve``).

Order: the gaps by level (must, should, may), then close informal supporters not yet
linked to a service, then bridges (articulation points of the contact graph), then risk
ties that touch the person or an actor close to the person.
"""

from __future__ import annotations

import re

from graph.analysis import analyse_case
from graph.analysis.gaps import case_gaps
from graph.analysis.involve import bridges, informal_supporters, involve, risk_ties
from graph.analysis.metrics import network_metrics
from graph.reference.vocabulary import LEVELS
from tests.conftest import make_case

NORWEGIAN = re.compile(r"\b(og|er|har|ikke|mellom|personen|mangler|bør|skal|kan)\b|[æøå]")
ENGLISH = re.compile(r"\b(the|is|and|should|missing)\b", re.IGNORECASE)


def looks_norwegian(text: str) -> bool:
    return bool(text.strip()) and bool(NORWEGIAN.search(text)) and not ENGLISH.search(text)


def suggestions(case, catalogue) -> list[dict]:
    metrics = network_metrics(case, catalogue)
    found = involve(case, case_gaps(case), metrics["articulation_points"], catalogue)
    return [s.as_dict() for s in found]


# A 16-year-old who may travel and wants out: gaps on all three levels
#   must: barnevern, politi (seed 000 «Før utreise»)
#   should: kommune, radikaliseringskontakt, rvts (exit rules)
#   may: pst, mentor
# plus a close supporter (mor), a bridge (onkel: the only link mor – tante) and a risk tie.
ORDER_CASE = dict(
    actors=[
        ("mor", "foresatte", 1),
        ("onkel", "familie", 3),
        ("tante", "familie", 3),
        ("nett", "risikomiljo", 3),
    ],
    ties=[
        ("person", "mor", "support"),
        ("mor", "onkel", "relation"),
        ("onkel", "tante", "relation"),
        ("nett", "person", "risk"),
    ],
    age=16,
    situation=["planned_travel", "wants_exit"],
)


def test_order_gaps_by_level_then_supporters_bridges_risk(catalogue) -> None:
    items = suggestions(make_case(**ORDER_CASE), catalogue)
    kinds = [item["kind"] for item in items]
    first = {kind: kinds.index(kind) for kind in ("gap", "supporter", "bridge", "risk")}
    assert kinds == sorted(kinds, key=["gap", "supporter", "bridge", "risk"].index)
    assert first["gap"] < first["supporter"] < first["bridge"] < first["risk"]
    levels = [item["level"] for item in items if item["kind"] == "gap"]
    assert levels == sorted(levels, key=LEVELS.index)
    assert set(levels) == {"must", "should", "may"}
    gaps = [(item["type"], item["level"]) for item in items if item["kind"] == "gap"]
    assert ("barnevern", "must") in gaps and ("politi", "must") in gaps
    assert ("rvts", "should") in gaps and ("mentor", "may") in gaps
    others = [(item["kind"], item["ids"]) for item in items if item["kind"] != "gap"]
    assert others == [("supporter", ["mor"]), ("bridge", ["onkel"]), ("risk", ["nett"])]


def test_analyse_case_uses_the_same_order(catalogue) -> None:
    case = make_case(**ORDER_CASE)
    assert analyse_case(case, catalogue)["involve"] == suggestions(case, catalogue)


# --------------------------------------------------------------------------- supporters


def supporter_ids(actors, ties, catalogue) -> list[str]:
    case = make_case(actors, ties)
    return [s.ids[0] for s in informal_supporters(case, catalogue)]


def test_close_informal_supporter_is_suggested(catalogue) -> None:
    actors = [("venn", "venner", 2), ("mor", "foresatte", 1)]
    ties = [("venn", "person", "support"), ("person", "mor", "support")]  # either direction
    assert supporter_ids(actors, ties, catalogue) == ["venn", "mor"]  # file order
    (item,) = informal_supporters(make_case(actors[:1], ties[:1]), catalogue)
    assert item.kind == "supporter" and item.type == "venner"
    assert "«Venn»" in item.why


def test_supporter_already_tied_to_a_service_is_not_suggested(catalogue) -> None:
    actors = [("mor", "foresatte", 1), ("skole", "skole", 2)]
    ties = [("person", "mor", "support"), ("skole", "mor", "collaboration")]
    assert supporter_ids(actors, ties, catalogue) == []


def test_supporter_needs_closeness_one_or_two(catalogue) -> None:
    actors = [("fjern", "venner", 3), ("ukjent", "venner", None)]
    ties = [("person", "fjern", "support"), ("person", "ukjent", "support")]
    assert supporter_ids(actors, ties, catalogue) == []


def test_supporter_needs_a_support_tie_to_the_person(catalogue) -> None:
    actors = [("venn", "venner", 1), ("bror", "familie", 1)]
    ties = [("person", "venn", "relation"), ("venn", "bror", "support")]
    assert supporter_ids(actors, ties, catalogue) == []


def test_risikomiljo_is_never_a_supporter(catalogue) -> None:
    actors = [("nett", "risikomiljo", 1)]
    assert supporter_ids(actors, [("person", "nett", "support")], catalogue) == []


def test_services_are_not_informal_supporters(catalogue) -> None:
    actors = [("mentor", "mentor", 1)]
    assert supporter_ids(actors, [("person", "mentor", "support")], catalogue) == []


# --------------------------------------------------------------------------- bridges


def test_bridge_is_an_articulation_point_of_the_contact_graph(catalogue) -> None:
    case = make_case(
        [("a", "venner", 3), ("b", "skole", 3), ("c", "nav", 3)],
        [("a", "b", "relation"), ("b", "c", "collaboration"), ("person", "a", "relation")],
    )
    points = network_metrics(case, catalogue)["articulation_points"]
    assert points == ["b"]
    (item,) = bridges(case, points)
    assert (item.kind, item.type, item.ids) == ("bridge", "skole", ("b",))
    assert looks_norwegian(item.why)


def test_the_person_is_not_what_makes_a_bridge(catalogue) -> None:
    # a and c are linked only through the person: nobody among the contacts is a bridge
    case = make_case(
        [("a", "venner", 1), ("c", "venner", 1)],
        [("person", "a", "relation"), ("person", "c", "relation")],
    )
    assert [s for s in suggestions(case, catalogue) if s["kind"] == "bridge"] == []


# --------------------------------------------------------------------------- risk ties


def risk_ids(actors, ties) -> list[tuple[str, ...]]:
    return [s.ids for s in risk_ties(make_case(actors, ties))]


def test_risk_tie_touching_the_person_is_suggested_even_when_far(catalogue) -> None:
    assert risk_ids([("nett", "risikomiljo", 3)], [("nett", "person", "risk")]) == [("nett",)]


def test_risk_tie_touching_a_close_actor_is_suggested(catalogue) -> None:
    actors = [("bror", "familie", 1), ("nett", "risikomiljo", 3)]
    (item,) = risk_ties(make_case(actors, [("nett", "bror", "risk")]))
    assert item.ids == ("nett", "bror")
    assert item.type == "risikomiljo"  # the risk milieu end names the type
    assert "«Nett» og «Bror»" in item.why


def test_far_risk_pair_not_touching_the_person_is_not_suggested(catalogue) -> None:
    actors = [("a", "venner", 3), ("b", "risikomiljo", 3), ("c", "venner", None)]
    ties = [("a", "b", "risk"), ("c", "b", "risk")]
    assert risk_ids(actors, ties) == []


def test_other_kinds_are_not_risk(catalogue) -> None:
    actors = [("nett", "risikomiljo", 1)]
    assert risk_ids(actors, [("person", "nett", "conflict")]) == []


# --------------------------------------------------------------------------- every item


def test_every_item_has_type_and_norwegian_why(catalogue) -> None:
    items = suggestions(make_case(**ORDER_CASE), catalogue)
    assert items
    for item in items:
        assert item["type"] in catalogue.types
        assert looks_norwegian(item["why"]), item["why"]
