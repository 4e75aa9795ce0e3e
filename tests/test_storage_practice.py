"""«Lag øvingskopi» on every example: valid, the same structure and gaps, no typed text."""

from __future__ import annotations

import json

import pytest

from graph.analysis.gaps import case_gaps
from graph.format.validation import validate_case
from graph.reference.catalogue import load_catalogue
from graph.storage.practice import practice_copy
from tests.conftest import EXAMPLES

TYPE_WORDS = {t.label for t in load_catalogue().types.values()} | set(load_catalogue().types)
"""A label or id that equals a type's key or label («barnevern») is no secret."""


def _typed_text(raw: dict) -> list[str]:
    """Every string someone typed into a case file (ids, labels, notes, contacts …)."""
    found = [raw.get("title", ""), raw["person"]["alias"]]
    for actor in raw.get("actors", []):
        found += [value for key, value in actor.items() if isinstance(value, str) and key != "type"]
    for tie in raw.get("ties", []):
        found += [v for k, v in tie.items() if k not in ("from", "to", "kind", "legal_basis")]
    return [text for text in found if isinstance(text, str) and text]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_practice_copy_is_valid_keeps_the_gaps_and_none_of_the_typed_text(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    original = validate_case(raw)
    copy = practice_copy(original)
    copied = validate_case(copy)
    text = json.dumps(copy, ensure_ascii=False)
    survivors = [t for t in _typed_text(raw) if t not in TYPE_WORDS and f'"{t}"' in text]
    assert not survivors
    assert "municipality" not in copy
    assert [a.type for a in copied.actors] == [a.type for a in original.actors]
    assert [(t.kind, t.info_sharing, t.legal_basis) for t in copied.ties] == [
        (t.kind, t.info_sharing, t.legal_basis) for t in original.ties
    ]
    assert [(g.type, g.level) for g in case_gaps(copied)] == [
        (g.type, g.level) for g in case_gaps(original)
    ]


def test_only_the_known_keys_are_left_in_a_practice_copy():
    raw = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    copy = practice_copy(validate_case(raw))
    assert set(copy) == {"format", "title", "person", "actors", "ties"}
    assert set(copy["person"]) == {"alias", "age", "situation", "wants_individual_plan"}
    for actor in copy["actors"]:
        assert set(actor) <= {"id", "label", "type", "closeness", "coordinator"}
    for tie in copy["ties"]:
        assert set(tie) <= {"from", "to", "kind", "strength", "info_sharing", "legal_basis"}
