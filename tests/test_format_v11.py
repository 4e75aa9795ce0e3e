"""Case file format v1.1 (FORMATS.md §4.1): roles, legal bases, consent and steps.

Every key is optional, so a v1 file stays valid; a file with the new keys keeps every
unknown key it also carries; each new field refuses what §4.1 does not allow.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from graph.analysis import analyse_case
from graph.format.model import case_to_dict
from graph.format.validation import InvalidFileError, validate_case
from graph.guidance.steps import load_steps

ROOT = Path(__file__).resolve().parents[1]

V1 = {
    "format": "tverrkart-case/1",
    "title": "Fiktiv sak: A (16)",
    "municipality": "3903",
    "person": {"alias": "A", "age": 16, "situation": ["pupil", "planned_travel"]},
    "actors": [
        {"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 1},
        {"id": "slt", "label": "SLT-koordinator", "type": "slt_koordinator", "coordinator": True},
        {"id": "skole", "label": "Kontaktlærer", "type": "skole", "closeness": 2},
    ],
    "ties": [
        {"from": "person", "to": "mor", "kind": "support", "strength": 3},
        {
            "from": "slt",
            "to": "skole",
            "kind": "collaboration",
            "info_sharing": True,
            "legal_basis": "consent",
        },
    ],
}
"""The example of FORMATS.md §1 (format v1, no §4 key)."""

V11 = {
    "format": "tverrkart-case/1",
    "person": {"alias": "B", "age": 34, "situation": ["returnee", "has_children"]},
    "actors": [
        {
            "id": "nav",
            "label": "NAV sosialtjeneste",
            "type": "nav",
            "coordinator": True,
            "role": "hovedansvar",
        },
        {"id": "politi", "label": "Politiet", "type": "politi"},
        {"id": "kommune", "label": "Kommunen", "type": "kommune"},
        {"id": "skole", "label": "Skolen", "type": "skole"},
    ],
    "ties": [
        {
            "from": "politi",
            "to": "kommune",
            "kind": "referral",
            "info_sharing": True,
            "legal_basis": "lovhjemmel",
            "legal_basis_note": "Varsling ved hjemkomst (politiet til kommunen)",
        },
        {
            "from": "skole",
            "to": "nav",
            "kind": "collaboration",
            "info_sharing": True,
            "legal_basis": "consent",
            "consent": {
                "given_by": "foresatte",
                "date": "2026-09-01",
                "scope": "skolesituasjon og fravær",
                "expires": "2027-06-30",
            },
        },
    ],
    "steps": [
        {
            "id": "hjemkomst-varsling",
            "status": "done",
            "date": "2026-09-02",
            "responsible": "politi",
            "note": "Politiet varslet kommunen",
        }
    ],
}
"""The example of FORMATS.md §4.1, with a step id from data/steps.toml."""


def problems_of(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        validate_case(raw)
    return [problem.as_line() for problem in caught.value.problems]


def test_a_v1_file_is_still_valid_and_analysed() -> None:
    case = validate_case(copy.deepcopy(V1))
    result = analyse_case(case)
    assert case_to_dict(case) == V1  # nothing added on save
    for key in ("questions", "notifications", "steps"):
        assert isinstance(result[key], list)


@pytest.mark.parametrize("path", sorted((ROOT / "data" / "examples").glob("*.json")))
def test_shipped_examples_are_valid(path: Path) -> None:
    validate_case(json.loads(path.read_text(encoding="utf-8")))


def test_the_v11_example_is_valid_and_round_trips() -> None:
    raw = copy.deepcopy(V11)
    raw["framtidig"] = {"felt": 1}  # a key from a newer minor version
    raw["ties"][1]["consent"]["vitne"] = "rektor"
    raw["steps"][0]["vedlegg"] = "nei"
    case = validate_case(raw)
    assert case_to_dict(case) == raw
    assert case.actors[0].role == "hovedansvar"
    assert case.ties[1].consent is not None and case.ties[1].consent.given_by == "foresatte"


@pytest.mark.parametrize("role", ["hovedansvar", "deltaker", "radgiver", "tolk", "tillitsperson"])
def test_every_role_of_the_spec_is_accepted(role: str) -> None:
    raw = copy.deepcopy(V11)
    raw["actors"][1]["role"] = role
    validate_case(raw)


@pytest.mark.parametrize("role", ["koordinator", "Hovedansvar", "rådgiver", ""])
def test_other_roles_are_refused(role: str) -> None:
    raw = copy.deepcopy(V11)
    raw["actors"][1]["role"] = role
    assert any("actors[1].role" in line for line in problems_of(raw))


@pytest.mark.parametrize("note", [None, "", "   "])
def test_lovhjemmel_needs_a_note(note: str | None) -> None:
    raw = copy.deepcopy(V11)
    if note is None:
        del raw["ties"][0]["legal_basis_note"]
    else:
        raw["ties"][0]["legal_basis_note"] = note
    assert any("ties[0].legal_basis_note" in line for line in problems_of(raw))


def test_lovhjemmel_note_is_at_most_200_characters() -> None:
    raw = copy.deepcopy(V11)
    raw["ties"][0]["legal_basis_note"] = "x" * 201
    assert any("ties[0].legal_basis_note" in line for line in problems_of(raw))
    raw["ties"][0]["legal_basis_note"] = "x" * 200
    validate_case(raw)


def test_consent_object_only_with_consent() -> None:
    raw = copy.deepcopy(V11)
    raw["ties"][1]["legal_basis"] = "avvergingsplikt"
    assert any("ties[1].consent" in line for line in problems_of(raw))


def test_consent_without_details_stays_valid() -> None:
    raw = copy.deepcopy(V11)
    del raw["ties"][1]["consent"]
    validate_case(raw)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_by", "barnet"),
        ("given_by", None),
        ("date", "01.09.2026"),
        ("date", None),  # «date … ISO dates (expires may be null)»: date may not
        ("date", "2026-02-30"),
        ("expires", "snart"),
        ("scope", "x" * 201),
    ],
)
def test_consent_fields_are_checked(field: str, value: Any) -> None:
    raw = copy.deepcopy(V11)
    raw["ties"][1]["consent"][field] = value
    assert any(f"ties[1].consent.{field}" in line for line in problems_of(raw))


def test_consent_expiry_may_be_null() -> None:
    raw = copy.deepcopy(V11)
    raw["ties"][1]["consent"]["expires"] = None
    validate_case(raw)


def test_unknown_step_id_is_refused_with_a_hint() -> None:
    raw = copy.deepcopy(V11)
    raw["steps"][0]["id"] = "hjemkomst-varslin"
    (line,) = [line for line in problems_of(raw) if "steps[0].id" in line]
    assert "hjemkomst-varsling" in line


def test_unknown_responsible_actor_is_refused() -> None:
    raw = copy.deepcopy(V11)
    raw["steps"][0]["responsible"] = "pst"
    assert any("steps[0].responsible" in line for line in problems_of(raw))


def test_a_step_recorded_twice_is_refused() -> None:
    raw = copy.deepcopy(V11)
    raw["steps"].append({"id": "hjemkomst-varsling", "status": "open"})
    assert any("steps[1].id" in line for line in problems_of(raw))


@pytest.mark.parametrize("status", ["open", "done", "not_relevant"])
def test_step_statuses(status: str) -> None:
    raw = copy.deepcopy(V11)
    raw["steps"][0]["status"] = status
    validate_case(raw)


@pytest.mark.parametrize(("field", "value"), [("status", "ferdig"), ("date", "i går")])
def test_step_fields_are_checked(field: str, value: str) -> None:
    raw = copy.deepcopy(V11)
    raw["steps"][0][field] = value
    assert any(f"steps[0].{field}" in line for line in problems_of(raw))


def test_minimal_step_needs_only_its_id() -> None:
    raw = copy.deepcopy(V11)
    raw["steps"] = [{"id": "hjemkomst-vurdering"}]
    case = validate_case(raw)
    assert case.steps[0].status == "open" and case.steps[0].responsible is None


def test_every_step_id_can_be_recorded() -> None:
    raw = copy.deepcopy(V11)
    raw["steps"] = [{"id": step_id} for step_id in sorted(load_steps().ids())]
    validate_case(raw)


def test_a_crafted_list_of_steps_is_refused_before_anything_else() -> None:
    raw = copy.deepcopy(V11)
    raw["steps"] = [{"id": "hjemkomst-varsling"}] * 201
    (line,) = problems_of(raw)
    assert "201 trinn" in line
