"""Property tests for ``analyse_case`` (hypothesis) on valid random cases.

Cases have 0–25 actors of any catalogue type, random closeness and coordinator flags,
random ties between existing ids or the person (no self-ties) of any kind, sharing and
legal basis (with a note for lovhjemmel, sometimes a described consent), any age, any
subset of the situation flags, any wish for a plan and some recorded steps (FORMATS.md
§4.1).
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis import analyse_case
from graph.format.model import PERSON_ID, case_to_dict
from graph.format.validation import validate_case
from graph.guidance.steps import load_steps
from graph.reference.catalogue import load_catalogue
from graph.reference.vocabulary import LEGAL_BASES, SITUATION_FLAGS, TIE_KINDS

CATALOGUE = load_catalogue()
TYPES = sorted(CATALOGUE.types)
STEP_IDS = sorted(load_steps().ids())
FAST = settings(max_examples=60, deadline=None)


@st.composite
def tie_dicts(draw: st.DrawFn, ids: list[str]) -> dict:
    ends = [PERSON_ID, *ids]
    source = draw(st.sampled_from(ends))
    target = draw(st.sampled_from([e for e in ends if e != source]))
    tie: dict = {"from": source, "to": target, "kind": draw(st.sampled_from(TIE_KINDS))}
    strength = draw(st.none() | st.integers(1, 3))
    if strength is not None:
        tie["strength"] = strength
    sharing = draw(st.none() | st.booleans())
    if sharing is not None:
        tie["info_sharing"] = sharing
    basis = draw(st.none() | st.sampled_from(LEGAL_BASES))
    if basis is not None:
        tie["legal_basis"] = basis
    if basis == "lovhjemmel":  # FORMATS §4.1: a lovhjemmel names its provision
        tie["legal_basis_note"] = draw(st.sampled_from(["Varsling ved hjemkomst", "Lov § 1"]))
    if basis == "consent" and draw(st.booleans()):
        day = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)).map(dt.date.isoformat)
        tie["consent"] = {
            "given_by": draw(st.sampled_from(["person", "foresatte"])),
            "expires": draw(st.none() | day),
        }
        if draw(st.booleans()):
            tie["consent"]["date"] = draw(day)
    return tie


@st.composite
def raw_cases(draw: st.DrawFn) -> dict:
    """A valid case file as a dict."""
    count = draw(st.integers(0, 25))
    actors = []
    for index in range(count):
        actor: dict = {
            "id": f"a{index}",
            "label": f"Aktør {index}",
            "type": draw(st.sampled_from(TYPES)),
        }
        closeness = draw(st.none() | st.integers(1, 3))
        if closeness is not None:
            actor["closeness"] = closeness
        if draw(st.integers(0, 4)) == 0:  # about one in five is a coordinator
            actor["coordinator"] = True
        actors.append(actor)
    ids = [a["id"] for a in actors]
    ties = draw(st.lists(tie_dicts(ids), max_size=40)) if ids else []
    person: dict = {
        "alias": "A",
        "age": draw(st.none() | st.integers(0, 120)),
        "situation": sorted(draw(st.frozensets(st.sampled_from(SITUATION_FLAGS)))),
        "wants_individual_plan": draw(st.sampled_from([None, True, False])),
    }
    step_ids = draw(st.lists(st.sampled_from(STEP_IDS), unique=True, max_size=6))
    steps = [
        {
            "id": step_id,
            "status": draw(st.sampled_from(["open", "done", "not_relevant"])),
            "responsible": draw(st.none() | st.sampled_from(ids)) if ids else None,
        }
        for step_id in step_ids
    ]
    return {
        "format": "tverrkart-case/1",
        "municipality": draw(st.sampled_from(["3903", "0301"])),
        "person": person,
        "actors": actors,
        "ties": ties,
        "steps": steps,
    }


def analyse(raw: dict) -> dict:
    return analyse_case(validate_case(raw), CATALOGUE)


def gap_types(result: dict) -> set[str]:
    return {gap["type"] for gap in result["gaps"]}


@FAST
@given(raw_cases())
def test_analyse_never_raises_and_is_json_with_the_formats_keys(raw: dict) -> None:
    result = analyse(raw)
    again = json.loads(json.dumps(result, ensure_ascii=False))
    assert again == result  # plain JSON types only (no tuples, sets, NaN)
    assert result["format"] == "tverrkart-analysis/1"
    assert {"format", "coordinator", "gaps", "involve", "info_sharing", "metrics"} <= set(result)
    assert {"questions", "notifications", "steps"} <= set(result)  # FORMATS §4.2
    for question in result["questions"]:
        assert question["id"] in {"age_unknown", "basis_doubtful", "consent_age"}
    for notification in result["notifications"]:
        assert notification["status"] in {"made", "missing"}
    for step in result["steps"]:
        assert step["status"] in {"open", "done", "not_relevant"}
    assert {"status", "ids", "candidates", "unreached"} <= set(result["coordinator"])
    assert result["coordinator"]["status"] in {"ok", "missing", "multiple"}
    for gap in result["gaps"]:
        assert {"type", "level", "rule", "reason", "source"} <= set(gap)
        assert gap["level"] in {"must", "should", "may"}
    for item in result["involve"]:
        assert {"type", "why"} <= set(item)
    for problem in result["info_sharing"]:
        assert {"from", "to", "problem"} <= set(problem)
        assert problem["problem"] in {
            "no_legal_basis",
            "unknown_basis",
            "basis_does_not_fit",
            "consent_expired",
        }
    assert "size" in result["metrics"]


@FAST
@given(raw_cases(), st.sampled_from(TYPES))
def test_adding_an_actor_never_adds_a_gap(raw: dict, added: str) -> None:
    before = gap_types(analyse(raw))
    bigger = {**raw, "actors": [*raw["actors"], {"id": "ny", "label": "Ny", "type": added}]}
    after = gap_types(analyse(bigger))
    assert added not in after
    assert after <= before


@FAST
@given(raw_cases())
def test_removing_every_coordinator_flag_gives_missing(raw: dict) -> None:
    case = validate_case(raw)
    stripped = case_to_dict(case)
    for actor in stripped["actors"]:
        actor.pop("coordinator", None)
    result = analyse(stripped)
    assert result["coordinator"]["status"] == "missing"
    assert result["coordinator"]["ids"] == []
    assert result["coordinator"]["unreached"] == []
    assert result["coordinator"]["candidates"]  # someone is suggested


@FAST
@given(raw_cases())
def test_size_is_the_number_of_actors_and_gaps_are_absent_types(raw: dict) -> None:
    result = analyse(raw)
    assert result["metrics"]["size"] == len(raw["actors"])
    present = {actor["type"] for actor in raw["actors"]}
    assert not gap_types(result) & present
    coordinators = [a["id"] for a in raw["actors"] if a.get("coordinator")]
    expected = {0: "missing", 1: "ok"}.get(len(coordinators), "multiple")
    assert result["coordinator"]["status"] == expected
    assert result["coordinator"]["ids"] == coordinators
