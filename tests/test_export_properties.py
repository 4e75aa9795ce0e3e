"""Issue 9, finding 10: validation and every export agree on what a text may hold.

For any case or municipality file built with arbitrary text, either validation
refuses it (naming the field), or every export succeeds: the JSON file, the offline
HTML map, GraphML (which must read back with networkx) and the municipality summary.
"""

from __future__ import annotations

import io
import json
from datetime import date

import networkx as nx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph.format.messages import forbidden_character
from graph.format.model import Case, municipality_to_dict
from graph.format.validation import (
    InvalidFileError,
    load_case_bytes,
    validate_case,
    validate_municipality,
)
from graph.interop.export import (
    UnexportableTextError,
    export_graphml,
    export_html,
    export_json,
    graphml_graph,
)
from graph.municipality.summary import summary_html

ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and controls included
ALLOWED = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")).filter(
        lambda ch: ch not in "\ufffe\uffff"
    ),
    st.sampled_from("\t\n\r <&>\"'\u200b\u202e\u00a0]]>"),
)
POISON = st.one_of(
    st.text(ANY_CHARACTER, min_size=1, max_size=40),
    st.text(st.sampled_from("Mor\t\u0001\u0085\u007f\ufffe\uffff\ud800\x1b"), min_size=1),
)
TEXT = st.text(ALLOWED, min_size=1, max_size=40)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _cr(text: str) -> str:
    """XML reads a carriage return in text content as a line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@st.composite
def raw_cases(draw: st.DrawFn) -> dict:
    """A case with arbitrary text everywhere; half of them with one forbidden character."""
    ids = draw(st.lists(TEXT.filter(lambda i: i != "person"), max_size=4, unique=True))
    raw = {
        "format": "tverrkart-case/1",
        "title": draw(TEXT),
        "person": {"alias": draw(TEXT)},
        "actors": [
            {"id": i, "label": draw(TEXT), "type": "venner", "note": draw(TEXT)} for i in ids
        ],
        "ties": [{"from": "person", "to": i, "kind": "support"} for i in ids],
        "x-" + draw(TEXT): draw(TEXT),
    }
    poison = draw(st.none() | POISON)
    if poison is not None:
        where = draw(st.sampled_from(["title", "alias", "label", "note", "key", "value"]))
        if where == "title":
            raw["title"] = poison
        elif where == "alias":
            raw["person"]["alias"] = poison
        elif where in ("label", "note") and raw["actors"]:
            raw["actors"][0][where] = poison
        elif where == "key":
            raw["x-" + poison] = 1
        else:
            raw["unknown"] = [poison]
    return raw


def _every_text(value, location=()):
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield (*location, key), key
            yield from _every_text(child, (*location, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _every_text(child, (*location, index))


@SETTINGS
@given(raw_cases())
def test_every_export_of_a_valid_case_succeeds(raw: dict) -> None:
    try:
        case = validate_case(raw)
    except InvalidFileError as error:
        event("refused")
        # Refused: then every text with a forbidden character is named.
        paths = {p.location for p in error.problems}
        for location, text in _every_text(raw):
            if forbidden_character(text) is not None:
                assert location in paths, (location, [p.as_line() for p in error.problems])
        return
    event("valid")
    assert all(forbidden_character(text) is None for _, text in _every_text(raw))
    text = export_json(case)
    assert load_case_bytes(text.encode("utf-8")) == case
    export_html(case).encode("utf-8")
    graphml = export_graphml(case)
    read = nx.read_graphml(io.BytesIO(graphml.encode("utf-8")))
    assert set(read.nodes) == {a.id for a in case.actors} | {"person"}  # ids are attributes
    labels = {_cr(data["label"]) for _, data in read.nodes(data=True)}
    assert labels == {_cr(a.label) for a in case.actors} | {_cr(case.person.alias)}


@SETTINGS
@given(st.data())
def test_every_export_of_a_valid_municipality_file_succeeds(data: st.DataObject) -> None:
    raw = {
        "format": "tverrkart-municipality/1",
        "kommunenummer": "3903",
        "actors": [
            {
                "id": "slt",
                "type": "slt_koordinator",
                "label": data.draw(TEXT),
                "contact": data.draw(TEXT),
            }
        ],
        "structures": {data.draw(TEXT): True},
        "measures": [{"what": data.draw(TEXT), "responsible": ["slt"]}],
    }
    try:
        municipality = validate_municipality(raw)
    except InvalidFileError:
        assert any(forbidden_character(text) for _, text in _every_text(raw)) or any(
            len(text) > 200 for _, text in _every_text(raw)
        )
        return
    json.dumps(municipality_to_dict(municipality), ensure_ascii=False).encode("utf-8")
    summary_html(municipality, printed=date(2026, 1, 1)).encode("utf-8")


def test_the_case_from_the_issue_is_refused_before_any_export() -> None:
    raw = {
        "format": "tverrkart-case/1",
        "person": {"alias": "A"},
        "actors": [{"id": "mor", "label": "Mor\u0001", "type": "foresatte"}],
    }
    with pytest.raises(InvalidFileError, match="U\\+0001"):
        validate_case(raw)


def test_graphml_refuses_instead_of_writing_a_broken_file() -> None:
    # A case that never went through validation (built directly from the model).
    case = Case.model_validate(
        {
            "format": "tverrkart-case/1",
            "person": {"alias": "A"},
            "actors": [{"id": "mor", "label": "Mor\u0001", "type": "foresatte"}],
        }
    )
    with pytest.raises(UnexportableTextError, match="U\\+0001"):
        graphml_graph(case)
