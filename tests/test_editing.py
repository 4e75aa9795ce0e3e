"""Editing through tables: rows back to a case, nothing lost on the way."""

from __future__ import annotations

import pytest

from graph.format.editing import (
    actors_frame,
    apply_actor_rows,
    apply_person,
    apply_tie_rows,
    editor_rows,
    endpoint_options,
    new_actor_id,
    new_case_dict,
    ties_frame,
)
from graph.format.model import case_to_dict
from graph.format.validation import case_problems, validate_case
from tests.conftest import EXAMPLES, example_dict


def _roundtrip_actors(case_dict, catalogue):
    case = validate_case(case_dict)
    return apply_actor_rows(case_dict, editor_rows(actors_frame(case, catalogue)), catalogue)


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_unchanged_tables_give_back_the_same_case(name, catalogue):
    original = example_dict(name)
    case = validate_case(original)
    after_actors = _roundtrip_actors(original, catalogue)
    after_ties = apply_tie_rows(after_actors, editor_rows(ties_frame(case)), endpoint_options(case))
    assert after_ties == case_to_dict(case)


def test_keys_the_table_does_not_show_survive_an_edit(catalogue):
    original = example_dict("elev-utreise")
    original["actors"][0]["fremtidig_felt"] = {"nested": [1, 2]}
    original["ties"][0]["merknad"] = "beholdes"
    case = validate_case(original)
    rows = editor_rows(actors_frame(case, catalogue))
    rows[0]["label"] = "Nytt navn"
    edited = apply_actor_rows(case_to_dict(case), rows, catalogue)
    assert edited["actors"][0]["fremtidig_felt"] == {"nested": [1, 2]}
    assert edited["actors"][0]["label"] == "Nytt navn"
    assert edited["ties"][0]["merknad"] == "beholdes"


def test_a_new_row_gets_an_id_from_its_type_and_is_valid(catalogue):
    case = validate_case(new_case_dict())
    rows = [
        {
            "id": None,
            "label": "Kontaktlærer",
            "type": "Skole",
            "closeness": "2 – Middels",
            "coordinator": False,
        }
    ]
    rows[0]["type"] = catalogue.types["skole"].label
    edited = apply_actor_rows(case_to_dict(case), rows, catalogue)
    assert edited["actors"] == [
        {"id": "skole-1", "label": "Kontaktlærer", "type": "skole", "closeness": 2}
    ]
    assert case_problems(edited) == []


def test_ids_are_never_built_from_labels():
    assert new_actor_id("venner", []) == "venner-1"
    assert new_actor_id(None, ["aktor-1"]) == "aktor-2"


def test_removing_an_actor_removes_its_ties(catalogue):
    original = example_dict("ung-nett")
    case = validate_case(original)
    rows = editor_rows(actors_frame(case, catalogue))
    removed = rows.pop(0)["id"]
    edited = apply_actor_rows(case_to_dict(case), rows, catalogue)
    assert all(removed not in (t["from"], t["to"]) for t in edited["ties"])
    assert case_problems(edited) == []


def test_a_missing_type_is_reported_not_guessed(catalogue):
    case = validate_case(new_case_dict())
    rows = [{"id": None, "label": "Noen", "type": None, "closeness": None, "coordinator": None}]
    edited = apply_actor_rows(case_to_dict(case), rows, catalogue)
    assert [p.json_path for p in case_problems(edited)] == ["actors[0].type"]


def test_tie_rows_map_dropdown_texts_to_keys(catalogue):
    case = validate_case(example_dict("ung-nett"))
    options = endpoint_options(case)
    person_text = next(t for t, v in options.items() if v == "person")
    actor_text = next(t for t, v in options.items() if v == case.actors[0].id)
    rows = [
        {
            "from": person_text,
            "to": actor_text,
            "kind": "Konflikt",
            "strength": "3 – Sterk",
            "info_sharing": True,
            "legal_basis": "Samtykke",
        }
    ]
    edited = apply_tie_rows(case_to_dict(case), rows, options)
    assert edited["ties"] == [
        {
            "from": "person",
            "to": case.actors[0].id,
            "kind": "conflict",
            "strength": 3,
            "info_sharing": True,
            "legal_basis": "consent",
        }
    ]


def test_unknown_legal_basis_stays_absent():
    case = validate_case(example_dict("ung-nett"))
    options = endpoint_options(case)
    texts = list(options)
    rows = [
        {
            "from": texts[0],
            "to": texts[1],
            "kind": "Samarbeid",
            "strength": None,
            "info_sharing": True,
            "legal_basis": None,
        }
    ]
    edited = apply_tie_rows(case_to_dict(case), rows, options)
    assert "legal_basis" not in edited["ties"][0]
    assert edited["ties"][0]["info_sharing"] is True


def test_person_details_replace_only_what_the_form_shows():
    original = example_dict("elev-utreise")
    original["person"]["ekstra"] = "beholdes"
    edited = apply_person(
        original,
        alias="B",
        age=None,
        situation=["pupil"],
        wants_individual_plan=True,
        title="Ny tittel",
        municipality=None,
    )
    assert edited["person"] == {
        "alias": "B",
        "age": None,
        "situation": ["pupil"],
        "wants_individual_plan": True,
        "ekstra": "beholdes",
    }
    assert "municipality" not in edited
    assert edited["actors"] == original["actors"]


def test_removing_the_responsible_actor_of_a_step_keeps_the_step(catalogue):
    # FORMATS §4.1: a step's responsible must be an actor of the case; the step itself stays
    case = validate_case(example_dict("ung-nett"))  # step 1 recorded with kontaktlaerer
    rows = [r for r in editor_rows(actors_frame(case, catalogue)) if r["id"] != "kontaktlaerer"]
    edited = apply_actor_rows(case_to_dict(case), rows, catalogue)
    assert edited["steps"][0]["id"] == "holmestrand-1-avklar"
    assert edited["steps"][0]["status"] == "done"
    assert edited["steps"][0]["responsible"] is None
    assert case_problems(edited) == []


def test_changing_a_consent_tie_to_another_basis_drops_the_consent_details():
    case = validate_case(example_dict("elev-utreise"))  # tie 14: consent given by A
    rows = editor_rows(ties_frame(case))
    assert case.ties[14].consent is not None
    rows[14]["legal_basis"] = "Ukjent (ikke oppgitt)"
    edited = apply_tie_rows(case_to_dict(case), rows, endpoint_options(case))
    assert "consent" not in edited["ties"][14]
    assert case_problems(edited) == []
    assert edited["ties"][13]["consent"]["given_by"] == "foresatte"  # untouched rows keep it


def test_the_ties_table_names_the_statute_of_another_legal_basis():
    """FORMATS §4.1: «lovhjemmel» needs a note; the table has a column for it, so a user
    who picks «Annen lovhjemmel» can save (and is told in Norwegian when the note is empty)."""
    case = validate_case(example_dict("ung-nett"))
    options = endpoint_options(case)
    texts = list(options)
    row = {
        "from": texts[0],
        "to": texts[1],
        "kind": "Samarbeid",
        "strength": None,
        "info_sharing": True,
        "legal_basis": "Annen lovhjemmel",
        "legal_basis_note": "Politiets varslingsrutine til kommunen",
    }
    edited = apply_tie_rows(case_to_dict(case), [row], options)
    assert edited["ties"][0]["legal_basis"] == "lovhjemmel"
    assert edited["ties"][0]["legal_basis_note"] == "Politiets varslingsrutine til kommunen"
    assert case_problems(edited) == []
    shown = editor_rows(ties_frame(validate_case(edited)))
    assert shown[0]["legal_basis_note"] == "Politiets varslingsrutine til kommunen"

    empty = apply_tie_rows(case_to_dict(case), [{**row, "legal_basis_note": " "}], options)
    assert [p.location[-1] for p in case_problems(empty)] == ["legal_basis_note"]

    other = apply_tie_rows(case_to_dict(case), [{**row, "legal_basis": "Samtykke"}], options)
    assert "legal_basis_note" not in other["ties"][0]
