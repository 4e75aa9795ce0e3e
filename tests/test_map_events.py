"""The map's event contract (graph.maps.events): valid events and forged messages."""

from __future__ import annotations

import copy
import doctest
import json
import math

import pytest

from graph.format.validation import InvalidFileError, validate_case
from graph.maps import events
from graph.maps.casemap import case_positions, case_spans
from graph.maps.events import EventRefusedError, MapEvent, apply_event, validate_event
from graph.reference.catalogue import load_catalogue
from graph.render.layout import along_arc, arc_angle

CASE = {
    "format": "tverrkart-case/1.1",
    "person": {"alias": "A"},
    "actors": [
        {"id": "mor", "label": "Mor", "type": "foresatte", "closeness": 1},
        {"id": "skole-1", "label": "Skolen", "type": "skole"},
    ],
    "ties": [],
}
SECTORS = [s.key for s in load_catalogue().sectors]
TYPES = list(load_catalogue().types)


def test_doctests():
    assert doctest.testmod(events).failed == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"kind": "select_actor", "id": "mor"}, MapEvent("select_actor", actor="mor")),
        (
            {"kind": "move_actor", "id": "skole-1", "ring": 3, "angle": -12.5},
            MapEvent("move_actor", actor="skole-1", ring=3, angle=-12.5),
        ),
        ({"kind": "move_actor", "id": "mor", "ring": None}, MapEvent("move_actor", actor="mor")),
        (
            {"kind": "add_actor", "sector": SECTORS[0], "ring": 2},
            MapEvent("add_actor", sector=SECTORS[0], ring=2),
        ),
        (
            {"kind": "add_tie", "from": "person", "to": "mor"},
            MapEvent("add_tie", source="person", target="mor"),
        ),
    ],
)
def test_declared_events_pass(raw, expected):
    assert validate_event(raw, CASE, SECTORS) == expected


FORGED = [
    ("not a dict", "ikke er en hendelse"),
    (["select_actor", "mor"], "ikke er en hendelse"),
    (None, "ikke er en hendelse"),
    ({"kind": "delete_case"}, "ukjent type"),
    ({"kind": ["select_actor"], "id": "mor"}, "ukjent type"),
    ({"id": "mor"}, "ukjent type"),
    ({"kind": "select_actor", "id": "far"}, "finnes ikke i saken"),
    ({"kind": "select_actor", "id": "person"}, "finnes ikke i saken"),
    ({"kind": "select_actor", "id": 7}, "ikke er en tekst"),
    ({"kind": "select_actor", "id": ""}, "ikke er en tekst"),
    ({"kind": "select_actor", "id": "x" * 10_000}, "lengre enn"),
    ({"kind": "select_actor", "id": "mor", "extra": 1}, "ikke hører til"),
    ({"kind": "select_actor"}, "mangler"),
    ({"kind": "move_actor", "id": "mor", "ring": 0}, "ring som ikke finnes"),
    ({"kind": "move_actor", "id": "mor", "ring": 4}, "ring som ikke finnes"),
    ({"kind": "move_actor", "id": "mor", "ring": True}, "ring som ikke finnes"),
    ({"kind": "move_actor", "id": "mor", "ring": 2.0}, "ring som ikke finnes"),
    ({"kind": "move_actor", "id": "mor", "ring": "2"}, "ring som ikke finnes"),
    ({"kind": "move_actor", "id": "mor", "ring": 2, "angle": float("nan")}, "vinkel"),
    ({"kind": "move_actor", "id": "mor", "ring": 2, "angle": 1e9}, "vinkel"),
    ({"kind": "move_actor", "id": "mor", "ring": 2, "angle": "90"}, "vinkel"),
    ({"kind": "move_actor", "id": "far", "ring": 2}, "finnes ikke i saken"),
    ({"kind": "add_actor", "sector": "ukjent", "ring": 2}, "sektor som ikke finnes"),
    ({"kind": "add_actor", "sector": SECTORS[0], "ring": 9}, "ring som ikke finnes"),
    ({"kind": "add_tie", "from": "mor", "to": "mor"}, "to forskjellige"),
    ({"kind": "add_tie", "from": "mor", "to": "ghost-politi"}, "finnes ikke i saken"),
    ({"kind": "add_missing", "type": "ukjent"}, "aktørtype som ikke finnes"),
    ({"kind": "add_missing", "type": 7}, "ikke er en tekst"),
    ({"kind": "add_missing", "type": "politi", "ring": 2}, "ikke hører til"),
    ({f"k{i}": i for i in range(100)}, "for mange felt"),
]


@pytest.mark.parametrize(("raw", "reason"), FORGED)
def test_forged_messages_are_refused_and_change_nothing(raw, reason):
    before = copy.deepcopy(CASE)
    with pytest.raises(EventRefusedError, match=reason) as refused:
        validate_event(raw, CASE, SECTORS, TYPES)
    assert str(refused.value).endswith("Ingenting er endret.")
    assert before == CASE


def test_move_sets_closeness_and_the_result_passes_case_validation():
    event = validate_event({"kind": "move_actor", "id": "skole-1", "ring": 2}, CASE, SECTORS)
    result = apply_event(event, CASE)
    assert result.changed
    assert result.case["actors"][1]["closeness"] == 2
    assert "closeness" not in CASE["actors"][1]
    validate_case(result.case)


def test_move_outside_the_rings_makes_closeness_unknown():
    event = validate_event({"kind": "move_actor", "id": "mor", "ring": None}, CASE, SECTORS)
    result = apply_event(event, CASE)
    assert result.changed and "closeness" not in result.case["actors"][0]
    assert apply_event(MapEvent("move_actor", actor="mor", ring=1), CASE).changed is False


def test_select_changes_nothing():
    result = apply_event(MapEvent("select_actor", actor="mor"), CASE)
    assert not result.changed and result.case == CASE and result.draft is None


def test_add_actor_gives_a_draft_with_a_fresh_id():
    taken = copy.deepcopy(CASE)
    taken["actors"].append({"id": "aktor-1", "label": "X", "type": "skole"})
    result = apply_event(MapEvent("add_actor", sector=SECTORS[0], ring=None), taken)
    assert result.draft == {"id": "aktor-2", "label": "", "type": ""}
    assert not result.changed


def test_a_click_on_a_missing_actor_names_a_catalogue_type():
    raw = {"kind": "add_missing", "type": "barnevern"}
    event = validate_event(raw, CASE, SECTORS, TYPES)
    assert event == MapEvent("add_missing", actor_type="barnevern")
    with pytest.raises(EventRefusedError, match="aktørtype"):
        validate_event(raw, CASE, SECTORS)  # no catalogue types given: none is known
    assert apply_event(event, CASE).draft == {"id": "barnevern-1", "label": "", "type": "barnevern"}


def test_add_tie_gives_a_draft():
    result = apply_event(MapEvent("add_tie", source="person", target="mor"), CASE)
    assert result.draft == {"from": "person", "to": "mor", "kind": None}


# --------------------------------------------------------------------------- the page glue


def _map_script() -> None:
    """The editable map's Python side, fed a raw event from the session (AppTest cannot
    click in a component's frame; the browser tests do that)."""
    import json

    import streamlit as st

    from graph.format.examples import list_examples
    from graph.reference.catalogue import load_catalogue
    from pages.widgets.item import CASE
    from pages.widgets.map_component import (
        actor_panel,
        handle_event,
        new_actor_key,
        new_actor_panel,
        new_tie_key,
        new_tie_panel,
        refused_key,
        selected_key,
    )

    example = list_examples()[0]
    case = CASE.start(lambda: json.loads(example.path.read_text(encoding="utf-8")))
    catalogue = load_catalogue()
    # As the map's callback does: the event is handled before the page is drawn.
    raw = st.session_state.pop("test_raw_event", None)
    if raw is not None:
        handle_event(CASE, case, raw, [s.key for s in catalogue.sectors], None, catalogue)
    CASE.messages()
    refused = st.session_state.pop(refused_key(CASE), None)
    if refused is not None:
        st.warning(refused)
    from pages.widgets import editor_page

    editor_page.undo_button(CASE, "map_")
    editor_page.redo_button(CASE, "map_")
    selected = st.session_state.get(selected_key(CASE))
    if selected is not None:
        actor_panel(CASE, CASE.current(), selected, catalogue, {})
    place = st.session_state.get(new_actor_key(CASE))
    if place is not None:
        new_actor_panel(CASE, CASE.current(), place, catalogue)
    ends = st.session_state.get(new_tie_key(CASE))
    if ends is not None:
        new_tie_panel(CASE, CASE.current(), ends)


def _actor(at, actor_id: str) -> dict:
    from pages.widgets import state

    content = at.session_state[state.CASE.content]
    return next(a for a in content["actors"] if a["id"] == actor_id)


def _with_event(raw):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_map_script, default_timeout=30).run()
    at.session_state["test_raw_event"] = raw
    return at.run()


def test_a_move_changes_closeness_through_the_item_with_a_notice():
    at = _with_event({"kind": "move_actor", "id": "soster", "ring": 3, "angle": 120.0})
    assert not at.exception
    assert _actor(at, "soster")["closeness"] == 3
    assert any("er flyttet til ring 3" in s.value for s in at.success)


def test_a_forged_event_changes_nothing_and_says_why():
    from streamlit.testing.v1 import AppTest

    from pages.widgets import state

    at = AppTest.from_function(_map_script, default_timeout=30).run()
    before = copy.deepcopy(at.session_state[state.CASE.content])
    at.session_state["test_raw_event"] = {"kind": "move_actor", "id": "ukjent", "ring": 2}
    at.run()
    assert not at.exception
    assert at.session_state[state.CASE.content] == before
    assert any("finnes ikke i saken" in w.value for w in at.warning)


def test_a_selected_actor_is_edited_in_its_panel_and_an_invalid_edit_is_refused():
    at = _with_event({"kind": "select_actor", "id": "mor"})
    assert not at.exception
    label = next(t for t in at.text_input if t.label == "Navn eller rolle")
    assert label.value == "Mor"
    label.set_value("Mamma")
    next(b for b in at.button if b.label == "Lagre aktøren").click()
    at.run()
    assert _actor(at, "mor")["label"] == "Mamma"
    label = next(t for t in at.text_input if t.label == "Navn eller rolle")
    label.set_value("")
    next(b for b in at.button if b.label == "Lagre aktøren").click()
    at.run()
    assert _actor(at, "mor")["label"] == "Mamma"
    assert at.error, "an empty name should be refused with a message"


def test_a_new_actor_is_added_in_the_sector_and_ring_clicked():
    from pages.widgets import state

    at = _with_event({"kind": "add_actor", "sector": "tjenester", "ring": 2})
    assert not at.exception
    kinds = next(s for s in at.selectbox if s.label == "Type")
    catalogue = load_catalogue()
    offered = {t.label for t in catalogue.types.values() if t.sector == "tjenester"}
    assert set(kinds.options) == offered
    assert next(s for s in at.selectbox if s.label == "Nærhet (ring)").value == 2
    count = len(at.session_state[state.CASE.content]["actors"])
    next(t for t in at.text_input if t.label == "Navn eller rolle").set_value("Ny tjeneste")
    next(b for b in at.button if b.label == "Legg til aktøren").click()
    at.run()
    actors = at.session_state[state.CASE.content]["actors"]
    assert len(actors) == count + 1
    added = actors[-1]
    assert added["label"] == "Ny tjeneste" and added["closeness"] == 2
    assert catalogue.types[added["type"]].sector == "tjenester"


def test_a_missing_actor_clicked_on_the_map_is_added_with_its_type():
    from pages.widgets import state

    at = _with_event({"kind": "add_missing", "type": "politi"})
    assert not at.exception
    catalogue = load_catalogue()
    assert next(s for s in at.selectbox if s.label == "Type").value == "politi"
    heading = f"Veilederen ber om {catalogue.label('politi')} (Tjenester), som mangler i saken"
    assert any(heading in m.value for m in at.markdown)
    assert next(s for s in at.selectbox if s.label == "Nærhet (ring)").value is None
    count = len(at.session_state[state.CASE.content]["actors"])
    next(b for b in at.button if b.label == "Legg til aktøren").click()
    at.run()
    actors = at.session_state[state.CASE.content]["actors"]
    assert len(actors) == count + 1
    assert actors[-1]["type"] == "politi"
    assert actors[-1]["label"] == catalogue.label("politi")  # an empty name: the type's
    assert "closeness" not in actors[-1]


def test_a_new_tie_between_two_picked_actors_gets_its_kind_and_sharing():
    from pages.widgets import state

    at = _with_event({"kind": "add_tie", "from": "mor", "to": "slt"})
    assert not at.exception
    count = len(at.session_state[state.CASE.content]["ties"])
    next(s for s in at.selectbox if s.label == "Slag bånd").set_value("Samarbeid")
    next(c for c in at.checkbox if "deles" in c.label).check()
    next(b for b in at.button if b.label == "Legg til båndet").click()
    at.run()
    ties = at.session_state[state.CASE.content]["ties"]
    assert len(ties) == count + 1
    assert ties[-1] == {"from": "mor", "to": "slt", "kind": "collaboration", "info_sharing": True}
    assert any("Båndet er lagt til" in s.value for s in at.success)


# ---- a dragged actor's place is remembered ----------------------------------------------


def _family_case(**position) -> dict:
    actors = [
        {"id": f"f{i}", "label": f"Familie {i}", "type": "familie", "closeness": 1}
        for i in range(3)
    ]
    if position:
        actors[2]["position"] = position
    return {
        "format": "tverrkart-case/1.1",
        "person": {"alias": "A"},
        "actors": actors,
        "ties": [],
    }


def _angle_in(span, xy) -> float:
    angle = math.degrees(math.atan2(-xy[1], xy[0]))
    while angle < span.start_deg:
        angle += 360.0
    return angle


def test_a_dropped_place_is_kept_in_the_case_and_the_map_draws_the_actor_there():
    catalogue = load_catalogue()
    case = validate_case(_family_case())
    span = next(s for s in case_spans(case, catalogue) if s.key == "familie")
    # Never dragged: f2 is the last of three, spread evenly over the family arc.
    before = _angle_in(span, case_positions(case, catalogue)["f2"])
    assert before > arc_angle(span, 0.5)

    drop = arc_angle(span, 0.1)
    event = validate_event(
        {"kind": "move_actor", "id": "f2", "ring": 1, "angle": drop},
        {"actors": [{"id": "f2"}]},
        SECTORS,
    )
    result = apply_event(event, _family_case(), along_arc(span, event.angle))
    assert result.changed and result.case["actors"][2]["position"] == {"along": 0.1}
    moved = validate_case(result.case)
    angle = _angle_in(span, case_positions(moved, catalogue)["f2"])
    assert abs(angle - drop) < 3.0, (angle, drop)
    # The others, never dragged, keep the stable layout's order.
    untouched = case_positions(moved, catalogue)
    assert _angle_in(span, untouched["f0"]) < _angle_in(span, untouched["f1"])


def test_a_position_outside_zero_to_one_is_refused():
    with pytest.raises(InvalidFileError, match="position"):
        validate_case(_family_case(along=1.5))
    with pytest.raises(InvalidFileError, match="position"):
        validate_case(_family_case(along="0.5"))


def test_dropping_in_the_same_place_again_changes_nothing():
    case = _family_case(along=0.25)
    event = MapEvent("move_actor", actor="f2", ring=1)
    assert not apply_event(event, case, 0.25).changed
    assert apply_event(event, case, 0.5).changed


def test_twenty_map_moves_are_undone_one_by_one_and_made_again():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_map_script, default_timeout=30).run()
    start = _actor(at, "soster").get("closeness")
    rings = [(i % 3) + 1 for i in range(21)]
    rings = [r if r != start else None for r in rings]  # every move is a change
    for ring in rings:
        at.session_state["test_raw_event"] = {"kind": "move_actor", "id": "soster", "ring": ring}
        at.run()
    assert _actor(at, "soster").get("closeness") == rings[-1]

    def press(label: str) -> None:
        next(b for b in at.button if b.label == label).click()
        at.run()
        assert not at.exception

    for step in range(20):
        press("Angre siste endring")
        assert _actor(at, "soster").get("closeness") == rings[-2 - step]
    assert not any(b.label == "Angre siste endring" for b in at.button), "only 20 steps back"
    for step in range(20):
        press("Gjør om")
        assert _actor(at, "soster").get("closeness") == rings[1 + step]
    assert not any(b.label == "Gjør om" for b in at.button)
    # A new edit after an undo: nothing is left to make again.
    press("Angre siste endring")
    at.session_state["test_raw_event"] = {"kind": "move_actor", "id": "mor", "ring": 3}
    at.run()
    assert not any(b.label == "Gjør om" for b in at.button)


def test_the_panel_lists_the_actors_duties_and_sets_its_role():
    from graph.format.examples import list_examples

    catalogue = load_catalogue()
    example = json.loads(list_examples()[0].path.read_text(encoding="utf-8"))
    actor = next(a for a in example["actors"] if catalogue.types[a["type"]].duties)
    at = _with_event({"kind": "select_actor", "id": actor["id"]})
    assert not at.exception
    shown = [t.value for t in at.text]
    for key in catalogue.types[actor["type"]].duties:
        assert catalogue.duties[key].label in shown
    role = next(s for s in at.selectbox if s.label == "Rolle i teamet")
    role.select("hovedansvar")
    next(b for b in at.button if b.label == "Lagre aktøren").click()
    at.run()
    assert _actor(at, actor["id"])["role"] == "hovedansvar"
