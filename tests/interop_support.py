"""Shared pieces of the issue-15 export tests: cases to export, hostile text in a case."""

from __future__ import annotations

from graph.format.examples import list_examples
from graph.format.messages import forbidden_character
from graph.format.model import Case
from graph.format.validation import validate_case
from tests.hostile_strings import HOSTILE

EXAMPLES = list_examples()
EXAMPLE_IDS = [example.name for example in EXAMPLES]

SAFE_HOSTILE = [h for h in HOSTILE if forbidden_character(h.text) is None]
"""The hostile strings a valid case may hold (validation refuses control characters)."""


def hostile_case() -> Case:
    """A valid case whose title, alias and every actor label is a hostile string, with a
    referral, a shared tie under «Annen lovhjemmel» and parallel ties."""
    actors = [
        {"id": f"a{i}", "label": h.text, "type": "skole" if i % 2 else "venner"}
        for i, h in enumerate(SAFE_HOSTILE)
    ]
    ties = [{"from": "person", "to": a["id"], "kind": "support"} for a in actors]
    ties += [
        {"from": "a1", "to": "a3", "kind": "referral"},
        {
            "from": "a1",
            "to": "a3",
            "kind": "collaboration",
            "info_sharing": True,
            "legal_basis": "lovhjemmel",
            "legal_basis_note": SAFE_HOSTILE[0].text,
        },
    ]
    return validate_case(
        {
            "format": "tverrkart-case/1",
            "title": '=HYPERLINK("http://evil.example/","klikk")',
            "person": {"alias": '<b>A</b> & "B"'},
            "actors": actors,
            "ties": ties,
        }
    )


def cr(text: str) -> str:
    """XML reads a carriage return in text content as a line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
