"""Comparing two versions of a case: the changes, the gaps, the table and the map."""

from __future__ import annotations

import copy

import pytest

from graph.format.validation import validate_case
from graph.maps.comparison import (
    ADDED_COLOR,
    CHANGED_COLOR,
    NEW_GAP_COLOR,
    REMOVED_COLOR,
    REMOVED_DASHES,
    UNCHANGED_TIE_COLOR,
    diff_map_spec,
)
from graph.reference.catalogue import load_catalogue
from graph.render.html import render_map_html
from graph.storage.diff import change_rows, compare_cases, gap_rows, match_ties
from tests.conftest import example_dict

HELSE = load_catalogue().label("helse")


@pytest.fixture
def old_dict():
    return example_dict("elev-utreise")


def _changed(old: dict, edit) -> dict:
    new = copy.deepcopy(old)
    edit(new)
    return new


def _pair(old: dict, new: dict):
    return validate_case(old), validate_case(new)


def test_the_same_version_twice_has_no_changes(old_dict):
    old, new = _pair(old_dict, old_dict)
    diff = compare_cases(old, new)
    assert diff.is_empty and change_rows(diff, old, new) == [] and gap_rows(diff) == []
    spec = diff_map_spec(old, new, diff)
    assert {edge.color for edge in spec.edges} == {UNCHANGED_TIE_COLOR}
    assert not [n for n in spec.nodes if n.border_color in (ADDED_COLOR, REMOVED_COLOR)]


def test_added_removed_and_changed_actors_and_ties_are_found(old_dict):
    def edit(case):
        case["actors"] = [a for a in case["actors"] if a["id"] != "trener"]
        case["ties"] = [t for t in case["ties"] if "trener" not in (t["from"], t["to"])]
        case["actors"][0]["closeness"] = 2  # mor
        case["actors"].append({"id": "bup", "label": "BUP", "type": "helse", "closeness": 3})
        case["ties"].append({"from": "helsesykepleier", "to": "bup", "kind": "referral"})
        case["ties"][0]["strength"] = 1  # person -> mor

    old, new = _pair(old_dict, _changed(old_dict, edit))
    diff = compare_cases(old, new)
    assert [(a.id, a.change) for a in diff.actors] == [
        ("mor", "changed"),
        ("bup", "added"),
        ("trener", "removed"),
    ]
    assert [(f.field, f.before, f.after) for f in diff.actors[0].fields] == [
        ("Nærhet", "Nær", "Middels")
    ]
    assert [t.change for t in diff.ties] == ["changed", "added", "removed"]
    assert diff.count("ties", "removed") == 1
    rows = change_rows(diff, old, new)
    assert {"Hva": "Aktør", "Endring": "Ny", "Hvem": "BUP", "Detaljer": HELSE} in rows
    assert {
        "Hva": "Aktør",
        "Endring": "Endret",
        "Hvem": "Mor",
        "Detaljer": "Nærhet: Nær → Middels",
    } in rows
    assert any(r["Hvem"] == "A → Trener i fotballaget (Støtte)" for r in rows)
    assert any(r["Detaljer"] == "Styrke: Sterk → Svak" for r in rows)


def test_a_tie_whose_kind_changed_is_changed_not_removed_and_added(old_dict):
    def edit(case):
        case["ties"][1]["kind"] = "conflict"  # person -> far

    old, new = _pair(old_dict, _changed(old_dict, edit))
    [tie] = compare_cases(old, new).ties
    assert tie.change == "changed" and tie.old_index == tie.new_index == 1
    assert [(f.before, f.after) for f in tie.fields] == [("Relasjon", "Konflikt")]


def test_ties_are_matched_by_ends_and_kind_even_when_reordered():
    old = validate_case(
        {
            "format": "tverrkart-case/1",
            "person": {"alias": "A"},
            "actors": [{"id": "x", "label": "X", "type": "venner"}],
            "ties": [
                {"from": "person", "to": "x", "kind": "support"},
                {"from": "person", "to": "x", "kind": "support"},
                {"from": "x", "to": "person", "kind": "risk"},
            ],
        }
    )
    new_ties = [old.ties[2], old.ties[0]]
    assert match_ties(old.ties, new_ties) == [(2, 0), (0, 1), (1, None)]


def test_gap_changes_follow_the_guidance(old_dict):
    def edit(case):
        case["actors"] = [a for a in case["actors"] if a["type"] != "barnevern"]
        case["ties"] = [t for t in case["ties"] if "barnevern" not in (t["from"], t["to"])]

    with_bv, without_bv = _pair(old_dict, _changed(old_dict, edit))
    lost = compare_cases(with_bv, without_bv)
    assert [(g.type, g.change) for g in lost.gaps] == [("barnevern", "new")]
    back = compare_cases(without_bv, with_bv)
    assert [(g.type, g.change) for g in back.gaps] == [("barnevern", "resolved")]
    assert gap_rows(back) == [
        {"Aktørtype": "Barneverntjenesten", "Før": "Må", "Nå": "–", "Endring": "Ikke lenger mangel"}
    ]


def test_the_map_shows_added_green_removed_grey_dashed_and_new_gaps(old_dict):
    def edit(case):
        case["actors"] = [a for a in case["actors"] if a["id"] not in ("trener", "barnevern")]
        case["ties"] = [
            t for t in case["ties"] if not {"trener", "barnevern"} & {t["from"], t["to"]}
        ]
        case["actors"].append({"id": "bup", "label": "BUP <b>", "type": "helse", "closeness": 3})
        case["ties"].append({"from": "helsesykepleier", "to": "bup", "kind": "referral"})
        case["actors"][0]["closeness"] = 2

    old, new = _pair(old_dict, _changed(old_dict, edit))
    spec = diff_map_spec(old, new)
    nodes = {node.id: node for node in spec.nodes}
    assert nodes["bup"].border_color == ADDED_COLOR and nodes["bup"].label.startswith("+ ")
    removed = nodes["trener"]
    assert removed.border_color == REMOVED_COLOR and removed.border_dashes
    assert removed.label.startswith("− ")
    assert nodes["mor"].border_color == CHANGED_COLOR
    assert "Nærhet: Nær → Middels" in nodes["mor"].title
    ghosts = [n for n in spec.nodes if n.border_color == NEW_GAP_COLOR]
    assert [g.label for g in ghosts] == ["! Må: Barneverntjenesten"] and ghosts[0].border_dashes
    edges = {(e.source, e.target): e for e in spec.edges}
    assert edges[("helsesykepleier", "bup")].color == ADDED_COLOR
    gone = edges[("person", "trener")]
    assert gone.color == REMOVED_COLOR and gone.dashes == REMOVED_DASHES
    assert edges[("person", "soster")].color == UNCHANGED_TIE_COLOR
    assert len(spec.nodes) == len({n.id for n in spec.nodes})
    html = render_map_html(spec, inline_js=False)
    assert "Trener i fotballaget" in html
    assert "BUP <b>" not in html  # shown as text: the renderer escapes it


def test_removed_actors_keep_a_place_of_their_own_on_the_map(old_dict):
    def edit(case):
        case["actors"] = [a for a in case["actors"] if a["id"] != "far"]
        case["ties"] = [t for t in case["ties"] if "far" not in (t["from"], t["to"])]

    old, new = _pair(old_dict, _changed(old_dict, edit))
    spec = diff_map_spec(old, new)
    places = [(round(n.x), round(n.y)) for n in spec.nodes]
    assert len(places) == len(set(places))
