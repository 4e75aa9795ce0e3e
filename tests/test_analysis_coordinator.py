"""Tests for the coordinator part of the analysis (FORMATS.md §3.1 ``coordinator``).

Status (ok / missing / multiple), the formal actors the coordinator does not reach over
formal ties, the single-point-of-failure warning and the coordinator candidates.
"""

from __future__ import annotations

import pytest

from graph.analysis.coordinator import (
    coordinator_report,
    coordinator_status,
    single_point_of_failure,
    unreached_actors,
)
from graph.format.model import case_to_dict
from graph.format.validation import validate_case
from tests.conftest import make_case


def coord(actor_id: str, type_key: str) -> dict:
    """An actor dict marked as coordinator."""
    return {"id": actor_id, "label": actor_id.capitalize(), "type": type_key, "coordinator": True}


def report(case, catalogue) -> dict:
    return coordinator_report(case, catalogue).as_dict()


def without_coordinators(case):
    raw = case_to_dict(case)
    for actor in raw["actors"]:
        actor.pop("coordinator", None)
    return validate_case(raw)


# --------------------------------------------------------------------------- status


def test_status_ok_with_exactly_one_coordinator(catalogue) -> None:
    case = make_case([coord("slt", "slt_koordinator"), ("skole", "skole")])
    result = report(case, catalogue)
    assert result["status"] == "ok"
    assert result["ids"] == ["slt"]
    assert result["candidates"] == []  # a service coordinates: nothing to suggest


def test_status_missing_without_coordinator(catalogue) -> None:
    case = make_case([("slt", "slt_koordinator"), ("skole", "skole")])
    assert coordinator_status(case) == "missing"
    assert report(case, catalogue)["ids"] == []


def test_status_multiple_with_two_coordinators(catalogue) -> None:
    case = make_case([coord("slt", "slt_koordinator"), coord("rk", "radikaliseringskontakt")])
    result = report(case, catalogue)
    assert result["status"] == "multiple"
    assert result["ids"] == ["slt", "rk"]  # file order
    assert any("Flere er merket som koordinator" in w for w in result["warnings"])
    assert result["candidates"]  # someone has to be chosen


def test_removing_the_coordinator_flag_gives_missing(catalogue) -> None:
    case = make_case([coord("slt", "slt_koordinator"), ("skole", "skole")])
    assert coordinator_status(case) == "ok"
    assert coordinator_status(without_coordinators(case)) == "missing"
    assert report(without_coordinators(case), catalogue)["unreached"] == []


# --------------------------------------------------------------------------- unreached


def test_formal_actor_tied_only_through_an_informal_actor_is_unreached(catalogue) -> None:
    case = make_case(
        [coord("slt", "slt_koordinator"), ("mor", "foresatte"), ("skole", "skole")],
        [("slt", "mor", "collaboration"), ("mor", "skole", "collaboration")],
    )
    assert unreached_actors(case, catalogue) == ("skole",)


def test_formal_actor_tied_only_through_the_person_is_unreached(catalogue) -> None:
    case = make_case(
        [coord("slt", "slt_koordinator"), ("skole", "skole")],
        [("person", "slt", "support"), ("person", "skole", "support")],
    )
    assert unreached_actors(case, catalogue) == ("skole",)


def test_formal_actor_reached_over_a_collaboration_chain(catalogue) -> None:
    case = make_case(
        [
            coord("slt", "slt_koordinator"),
            ("bv", "barnevern"),
            ("skole", "skole"),
            ("nav", "nav"),
        ],
        [
            ("slt", "bv", "collaboration"),
            ("bv", "skole", "collaboration"),
            ("nav", "skole", "referral"),  # direction does not matter for reach
        ],
    )
    assert unreached_actors(case, catalogue) == ()


def test_risk_and_conflict_ties_do_not_reach(catalogue) -> None:
    case = make_case(
        [coord("slt", "slt_koordinator"), ("skole", "skole"), ("nav", "nav"), ("helse", "helse")],
        [
            ("slt", "skole", "risk"),
            ("nav", "slt", "conflict"),
            ("slt", "helse", "relation"),  # relation does carry coordination
        ],
    )
    assert unreached_actors(case, catalogue) == ("skole", "nav")  # file order


def test_informal_actors_are_never_listed(catalogue) -> None:
    case = make_case(
        [
            coord("slt", "slt_koordinator"),
            ("mor", "foresatte"),
            ("nett", "risikomiljo"),
            ("venn", "venner"),
            ("politi", "politi"),
        ],
        [("person", "mor", "support"), ("nett", "person", "risk")],
    )
    assert report(case, catalogue)["unreached"] == ["politi"]


def test_unreached_is_empty_when_there_is_no_coordinator(catalogue) -> None:
    case = make_case([("skole", "skole"), ("nav", "nav"), ("politi", "politi")])
    assert report(case, catalogue)["unreached"] == []


def test_multiple_coordinators_reach_the_union(catalogue) -> None:
    case = make_case(
        [
            coord("slt", "slt_koordinator"),
            coord("rk", "radikaliseringskontakt"),
            ("skole", "skole"),
            ("nav", "nav"),
            ("helse", "helse"),
        ],
        [("slt", "skole", "collaboration"), ("rk", "nav", "collaboration")],
    )
    assert report(case, catalogue)["unreached"] == ["helse"]


# ------------------------------------------------------------------ single point of failure


def test_single_point_of_failure_when_the_coordinator_is_the_only_link(catalogue) -> None:
    case = make_case(
        [
            coord("slt", "slt_koordinator"),
            ("skole", "skole"),
            ("bv", "barnevern"),
            ("nav", "nav"),
        ],
        [
            ("slt", "skole", "collaboration"),
            ("skole", "bv", "collaboration"),
            ("slt", "nav", "collaboration"),
        ],
    )
    assert single_point_of_failure(case, catalogue) == [["bv", "skole"], ["nav"]]
    warnings = report(case, catalogue)["warnings"]
    assert len(warnings) == 1
    assert "eneste bindeledd" in warnings[0]
    assert "Nav" in warnings[0] and "Skole" in warnings[0]  # labels, not ids


def test_no_single_point_of_failure_when_the_services_are_linked_directly(catalogue) -> None:
    case = make_case(
        [coord("slt", "slt_koordinator"), ("skole", "skole"), ("nav", "nav")],
        [
            ("slt", "skole", "collaboration"),
            ("slt", "nav", "collaboration"),
            ("skole", "nav", "collaboration"),
        ],
    )
    assert single_point_of_failure(case, catalogue) == []
    assert report(case, catalogue)["warnings"] == []


def test_no_single_point_of_failure_with_one_service_or_several_coordinators(catalogue) -> None:
    one = make_case(
        [coord("slt", "slt_koordinator"), ("skole", "skole")], [("slt", "skole", "collaboration")]
    )
    assert single_point_of_failure(one, catalogue) == []
    two = make_case(
        [coord("slt", "slt_koordinator"), coord("rk", "radikaliseringskontakt"), ("nav", "nav")],
        [("slt", "nav", "collaboration"), ("slt", "rk", "collaboration")],
    )
    assert single_point_of_failure(two, catalogue) == []


# --------------------------------------------------------------------------- candidates


def test_informal_coordinator_gets_a_warning_and_candidates(catalogue) -> None:
    case = make_case(
        [
            {"id": "mor", "label": "Mor", "type": "foresatte", "coordinator": True},
            ("slt", "slt_koordinator"),
        ]
    )
    result = report(case, catalogue)
    assert result["status"] == "ok"
    assert any("«Mor»" in w and "ikke en tjeneste" in w for w in result["warnings"])
    assert [(c["type"], c["ids"]) for c in result["candidates"]] == [
        ("slt_koordinator", ["slt"]),
        ("radikaliseringskontakt", []),
    ]
    assert result["unreached"] == ["slt"]  # the only service has no tie to Mor


def test_candidates_when_missing_are_the_preferred_types(catalogue) -> None:
    case = make_case([("skole", "skole"), ("mor", "foresatte")])
    candidates = report(case, catalogue)["candidates"]
    assert [(c["type"], c["ids"]) for c in candidates] == [
        ("slt_koordinator", []),
        ("radikaliseringskontakt", []),
    ]
    for candidate in candidates:
        assert set(candidate) >= {"type", "ids", "reason", "source"}
        assert "SLT-koordinator" in candidate["reason"]  # Norwegian reason
        assert "Finnes ikke i nettverket" in candidate["reason"]  # none is present
        assert "exit-arbeid" in candidate["source"]  # seed 001


def test_candidates_present_ones_first_with_ids(catalogue) -> None:
    case = make_case(
        [("rk1", "radikaliseringskontakt"), ("skole", "skole"), ("rk2", "radikaliseringskontakt")]
    )
    candidates = report(case, catalogue)["candidates"]
    assert [(c["type"], c["ids"]) for c in candidates] == [
        ("radikaliseringskontakt", ["rk1", "rk2"]),
        ("slt_koordinator", []),
    ]
    assert "Finnes ikke" not in candidates[0]["reason"]


def test_both_preferred_present_keep_the_rule_order(catalogue) -> None:
    case = make_case([("rk", "radikaliseringskontakt"), ("slt", "slt_koordinator")])
    candidates = report(case, catalogue)["candidates"]
    assert [c["type"] for c in candidates] == ["slt_koordinator", "radikaliseringskontakt"]


IP_ACTORS = [
    ("rk", "radikaliseringskontakt"),
    ("lege", "helse"),
    ("nav", "nav"),
    ("mor", "familie"),
]


def test_individual_plan_candidates_are_municipal_providers_only(catalogue) -> None:
    case = make_case(IP_ACTORS, situation=["long_term_needs"], wants_individual_plan=True, age=30)
    result = report(case, catalogue)
    # seed-002: one of the municipality's service providers; the radicalisation contact (police)
    # is present but never proposed as the plan's coordinator
    assert [(c["type"], c["ids"]) for c in result["candidates"]] == [
        ("helse", ["lege"]),
        ("nav", ["nav"]),
    ]
    assert "individuell plan" in result["candidates"][0]["reason"]
    assert "Individuell plan" in result["candidates"][0]["source"]
    assert result["individual_plan"]["status"] == "missing"


PLAN = {"situation": ["long_term_needs"], "wants_individual_plan": True}


@pytest.mark.parametrize(
    ("marked", "age", "status"),
    [
        ("nav", 30, "ok"),
        ("helse", 30, "ok"),
        ("barnevern", 15, "ok"),
        ("kommune", None, "ok"),
        ("slt_koordinator", 14, "ok"),
        ("slt_koordinator", 17, "ok"),
        ("slt_koordinator", 23, "ok"),
        ("slt_koordinator", None, "ok"),
        ("slt_koordinator", 24, "not_municipal"),
        ("politi", 30, "not_municipal"),
        ("radikaliseringskontakt", 30, "not_municipal"),
        ("pst", 30, "not_municipal"),
        ("kriminalomsorg", 30, "not_municipal"),
        ("foresatte", 15, "not_municipal"),
        (None, 30, "missing"),
    ],
)
def test_individual_plan_coordinator_duty(catalogue, marked, age, status) -> None:
    """Correction 2: the IP coordinator is one of the municipality's service providers."""
    actors = [("slt", "slt_koordinator"), ("nav", "nav"), ("politi", "politi")]
    if marked is not None:
        actors = [coord("k", marked), *actors]
    result = report(make_case(actors, age=age, **PLAN), catalogue)
    plan = result["individual_plan"]
    assert plan["status"] == status
    assert plan["level"] == "must" and plan["rule"] == "individuell-plan"
    assert "Individuell plan" in plan["source"]
    assert plan["ids"] == (["k"] if status == "ok" else [])
    plan_warnings = [w for w in result["warnings"] if "individuell" in w]
    assert bool(plan_warnings) is (status != "ok")
    types = [c["type"] for c in result["candidates"]]
    assert not {"politi", "pst", "radikaliseringskontakt"} & set(types)
    if status != "ok":
        assert "nav" in types  # present municipal provider proposed
        assert ("slt_koordinator" in types) is (age is None or age <= 23)


def test_unmarked_slt_does_not_fulfil_the_duty_to_appoint(catalogue) -> None:
    # the SLT-koordinator is present (so the gap rule is met) but nobody is marked coordinator
    case = make_case([("slt", "slt_koordinator"), ("skole", "skole")], age=16, **PLAN)
    result = report(case, catalogue)
    assert result["individual_plan"]["status"] == "missing"
    assert any("ingen er merket som koordinator" in w for w in result["warnings"])
    assert [(c["type"], c["ids"]) for c in result["candidates"]] == [("slt_koordinator", ["slt"])]


def test_plan_without_any_municipal_provider_proposes_the_municipality(catalogue) -> None:
    case = make_case([("rk", "radikaliseringskontakt"), ("pst", "pst")], age=40, **PLAN)
    candidates = report(case, catalogue)["candidates"]
    assert [(c["type"], c["ids"]) for c in candidates] == [("kommune", [])]


def test_no_plan_no_plan_duty(catalogue) -> None:
    for person in (
        {"situation": ["long_term_needs"], "wants_individual_plan": False},
        {"situation": ["long_term_needs"], "wants_individual_plan": None},
        {"situation": [], "wants_individual_plan": True},
    ):
        result = report(make_case([coord("rk", "radikaliseringskontakt")], **person), catalogue)
        assert result["individual_plan"] is None, person
        assert result["candidates"] == [], person  # a service coordinates; no plan duty


def test_individual_plan_candidates_need_both_the_need_and_the_wish(catalogue) -> None:
    for person in (
        {"situation": ["long_term_needs"], "wants_individual_plan": False},
        {"situation": ["long_term_needs"], "wants_individual_plan": None},
        {"situation": ["mental_health"], "wants_individual_plan": True},
    ):
        case = make_case(IP_ACTORS, **person)
        types = [c["type"] for c in report(case, catalogue)["candidates"]]
        assert types == ["radikaliseringskontakt", "slt_koordinator"], person  # age unknown


@pytest.mark.parametrize(
    ("age", "slt", "note"),
    [
        (14, True, None),
        (15, True, None),
        (17, True, None),
        (18, True, "Personen er 18 år"),
        (23, True, "Personen er 23 år"),
        (24, False, None),
        (45, False, None),
        (None, True, "Registrer alderen"),
    ],
)
def test_slt_candidate_respects_age(catalogue, age, slt, note) -> None:
    """Seed-003 «SLT»: SLT is mostly for under-18s, some places up to 23 (correction 6)."""
    case = make_case([("slt", "slt_koordinator"), ("skole", "skole")], age=age)
    candidates = {c["type"]: c for c in report(case, catalogue)["candidates"]}
    assert ("slt_koordinator" in candidates) is slt
    assert "radikaliseringskontakt" in candidates  # no age limit
    if slt:
        assert candidates["slt_koordinator"]["ids"] == ["slt"]
        reason = candidates["slt_koordinator"]["reason"]
        assert (note in reason) if note else ("Personen er" not in reason)
        assert "kommune" not in candidates
    else:
        # too old for SLT: a responsible person in the municipality is proposed instead
        assert "under 18 år" in candidates["kommune"]["reason"]
        assert (
            "SLT" in candidates["kommune"]["source"]
            or "Samarbeid" in candidates["kommune"]["source"]
        )


def test_as_dict_has_the_formats_keys(catalogue) -> None:
    case = make_case([coord("slt", "slt_koordinator"), ("nav", "nav")])
    result = report(case, catalogue)
    assert {"status", "ids", "candidates", "unreached", "individual_plan"} <= set(result)
    assert isinstance(result["ids"], list)
    assert isinstance(result["candidates"], list)
    assert isinstance(result["unreached"], list)
    assert result["status"] in {"ok", "missing", "multiple"}
