"""The map you work on (issue 14): events from the map reach Python, forged ones do not.

These tests serve a small script of their own (:data:`SCRIPT`): the first fictional
example, opened as the tab's case (``pages.widgets.item.CASE``), drawn by
``pages.widgets.map_component.editable_map`` (as Nettverkskart draws it), with each
actor's closeness printed under it as text for the tests to read. The script runs in
Streamlit as the app does, with the map's scripts in its own ``static/`` folder
(:func:`graph.render.assets.ensure_static_copy`).

The map sits in a sandboxed frame (``iframe.tk-map-host``); a test finds it as the
page's ``about:srcdoc`` frame that has the test hook ``window.tverrkart``, and moves
the mouse over the canvas at the points the hook gives (``domPoint``, ``view``). The
host counts the messages it passed on in the frame's ``data-accepted`` (since the map
was last drawn): Streamlit may merge triggers sent close together into one run, so
this count, not the run, shows that a forged message was dropped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.hostile_strings import HOSTILE
from tests.server_support import stop_process

from .helpers import AppPage
from .script_server import ScriptServer, script_tab

pytestmark = pytest.mark.browser

SCRIPT = """
import json

import streamlit as st

from graph.analysis import analyse_case
from graph.format.examples import list_examples
from graph.maps import network_map
from pages.widgets.item import CASE
from pages.widgets.map_component import editable_map


def first_case():
    if st.query_params.get("case") != "hostile":
        return json.loads(list_examples()[0].path.read_text(encoding="utf-8"))
    from tests.hostile_strings import HOSTILE

    hostile = HOSTILE[:12]
    actors = [
        {"id": f"h{i}", "label": h.text, "type": "venner", "closeness": 1 + i % 3}
        for i, h in enumerate(hostile)
    ]
    # Replacement patterns of JavaScript's String.replace (the host puts the page's
    # data into it with replace): they must arrive as typed.
    actors.append({"id": "dollar", "label": "Kari $& $$ $1 $'", "type": "venner"})
    ties = [{"from": "h0", "to": f"h{i}", "kind": "support"} for i in range(1, len(hostile))]
    return {"format": "tverrkart-case/1", "person": {"alias": "A"}, "actors": actors, "ties": ties}


case = CASE.start(first_case)
CASE.messages()
editable_map(CASE, case, network_map(case), analysis=analyse_case(case))
st.code(json.dumps({a.id: a.closeness for a in case.actors}), language=None)
"""

HOST = "iframe.tk-map-host"


@pytest.fixture(scope="module")
def editor_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScriptServer]:
    server = ScriptServer(tmp_path_factory.mktemp("map-editor"), SCRIPT, "editor_app.py")
    yield server
    stop_process(server.process)


@pytest.fixture
def editor(editor_server: ScriptServer, shared_context) -> Iterator[AppPage]:
    """The script in a new page (a new session), loaded and idle; the guard checked after."""
    yield from script_tab(editor_server, shared_context)


def map_frame(tab: AppPage):
    """The map's frame, once its map is drawn."""
    expect(tab.page.locator(HOST)).to_have_count(1)
    frame = tab.page.locator(HOST).element_handle().content_frame()
    assert frame is not None
    # Drawn, and fitted in its box once the host showed it (map_bridge.js).
    frame.wait_for_function(
        """() => window.tverrkart !== undefined && window.tverrkart.ready
          && document.getElementById('tk-map').dataset.tkShown === '1'"""
    )
    return frame


def closeness(tab: AppPage) -> dict:
    return json.loads(tab.page.locator("[data-testid=stCode] code").inner_text())


def canvas_box(frame) -> dict:
    box = frame.locator("#tk-map canvas").bounding_box()
    assert box is not None
    return box


def page_point(frame, point: dict) -> tuple[float, float]:
    """Where a point of the map's canvas (CSS pixels from its corner) is on the page."""
    box = canvas_box(frame)
    return box["x"] + point["x"], box["y"] + point["y"]


def place_on_page(frame, place: dict) -> tuple[float, float]:
    """Where a place of the map (map units, as ``positions()``) is on the page now."""
    view = frame.evaluate("window.tverrkart.view()")
    box = canvas_box(frame)
    return page_point(
        frame,
        {
            "x": (place["x"] - view["x"]) * view["scale"] + box["width"] / 2,
            "y": (place["y"] - view["y"]) * view["scale"] + box["height"] / 2,
        },
    )


def test_a_click_on_an_actor_opens_its_panel(editor: AppPage):
    frame = map_frame(editor)
    before = closeness(editor)
    point = frame.evaluate("window.tverrkart.isolate('mor')")
    x, y = page_point(frame, point)
    editor.rerun(lambda: editor.page.mouse.click(x, y), "klikk på Mor")
    expect(editor.page.get_by_text("Valgt i kartet: Mor")).to_be_visible()
    expect(editor.page.get_by_label("Navn eller rolle")).to_have_value("Mor")
    assert closeness(editor) == before


def drag(editor: AppPage, frame, actor: str, radius: float, degrees: float) -> None:
    """Drag ``actor`` to the point at ``radius`` (map units) and ``degrees`` (counter-
    clockwise from east) and wait for the run the drop starts."""
    start = frame.evaluate(f"window.tverrkart.domPoint({actor!r})")
    view = frame.evaluate("window.tverrkart.view()")
    box = canvas_box(frame)
    target = {
        "x": radius * math.cos(math.radians(degrees)),
        "y": -radius * math.sin(math.radians(degrees)),
    }
    drop = {
        "x": (target["x"] - view["x"]) * view["scale"] + box["width"] / 2,
        "y": (target["y"] - view["y"]) * view["scale"] + box["height"] / 2,
    }
    x0, y0 = page_point(frame, start)
    x1, y1 = page_point(frame, drop)

    editor.drag((x0, y0), (x1, y1), f"dra {actor} til radius {radius:.0f}, {degrees:.0f}°")


def polar_degrees(point: dict) -> float:
    return math.degrees(math.atan2(-point["y"], point["x"]))


def test_dragging_an_actor_to_each_ring_changes_its_closeness_and_keeps_its_place(
    editor: AppPage,
):
    frame = map_frame(editor)
    assert closeness(editor)["soster"] == 1
    rings_js = "JSON.parse(document.getElementById('tk-data').textContent).guides.rings"
    home = polar_degrees(frame.evaluate("window.tverrkart.positions()['soster']"))
    # Each drop a little further along the sector: the map keeps the place it was given.
    for number, (ring, notice) in enumerate(
        [(3, "ring 3"), (2, "ring 2"), (None, "utenfor ringene"), (1, "ring 1")]
    ):
        rings = frame.evaluate(f"window.tverrkart.ready && {rings_js}")
        radius = rings[ring - 1] if ring else rings[2] + (rings[2] - rings[1])
        degrees = home + (number - 1.5) * 4
        drag(editor, frame, "soster", radius, degrees)
        editor.expect_alert("Success", f"er flyttet til {notice}")
        assert closeness(editor).get("soster") == ring
        frame = map_frame(editor)
        # Drawn where it was dropped (outside the rings the place may be a ghost's, and
        # the layout then moves it along the ring: there it must only be outside).
        frame.wait_for_function(
            """([id, want, beyond]) => {
              const p = window.tverrkart.ready && window.tverrkart.positions()[id];
              if (!p) { return false; }
              if (beyond !== null) { return Math.hypot(p.x, p.y) > beyond; }
              const got = Math.atan2(-p.y, p.x) * 180 / Math.PI;
              return Math.abs(((got - want + 540) % 360) - 180) < 3;
            }""",
            arg=["soster", degrees, None if ring else rings[2]],
        )


def empty_place(frame) -> tuple[str, int, dict]:
    """A place on ring 2 in the middle of a sector with no node near it: the sector's
    label, the ring and the place in map units."""
    data = frame.evaluate("JSON.parse(document.getElementById('tk-data').textContent)")
    rings = data["guides"]["rings"]
    sectors = data["guides"]["sectors"]
    positions = frame.evaluate("window.tverrkart.positions()")
    clear = (rings[1] - rings[0]) / 2
    for i, sector in enumerate(sectors):
        following = sectors[(i + 1) % len(sectors)]["angle"]
        width = (following - sector["angle"]) % 360 or 360
        for step in range(-4, 5):
            angle = math.radians(sector["angle"] + width / 2 + step * width / 12)
            place = {"x": rings[1] * math.cos(angle), "y": -rings[1] * math.sin(angle)}
            if all(
                math.hypot(p["x"] - place["x"], p["y"] - place["y"]) > clear
                for p in positions.values()
            ):
                return sector["label"], 2, place
    raise AssertionError("ingen tom plass på ring 2 i kartet")


def test_a_double_click_on_an_empty_place_adds_an_actor_there(editor: AppPage):
    frame = map_frame(editor)
    sector, ring, place = empty_place(frame)
    x, y = place_on_page(frame, place)
    editor.rerun(lambda: editor.page.mouse.dblclick(x, y), "dobbeltklikk på et tomt sted")
    expect(editor.page.get_by_text(f"Ny aktør her: {sector}")).to_be_visible()
    before = closeness(editor)
    panel = editor.page.locator("[data-testid=stForm]")
    panel.get_by_label("Navn eller rolle").fill("Ny på kartet")
    editor.click(panel.get_by_role("button", name="Legg til aktøren"), "legg til")
    editor.expect_alert("Success", "er lagt til")
    after = closeness(editor)
    added = set(after) - set(before)
    assert len(added) == 1 and after[added.pop()] == ring


def test_a_shift_click_on_a_second_actor_adds_a_tie(editor: AppPage):
    frame = map_frame(editor)
    mother = page_point(frame, frame.evaluate("window.tverrkart.domPoint('mor')"))
    slt = page_point(frame, frame.evaluate("window.tverrkart.domPoint('slt')"))
    editor.rerun(lambda: editor.page.mouse.click(*mother), "klikk på Mor")
    expect(editor.page.get_by_text("Valgt i kartet: Mor")).to_be_visible()

    def shift_click() -> None:
        editor.page.keyboard.down("Shift")
        editor.page.mouse.click(*slt)
        editor.page.keyboard.up("Shift")

    editor.rerun(shift_click, "shift-klikk på SLT-koordinatoren")
    heading = editor.page.get_by_text("Nytt bånd: Mor – SLT-koordinator")
    expect(heading).to_be_visible()
    editor.press_button("Legg til båndet")
    editor.expect_alert("Success", "Båndet er lagt til")


def test_hostile_labels_stay_text_in_the_map_and_the_panel(editor: AppPage):
    editor.open("?case=hostile")
    frame = map_frame(editor)
    point = frame.evaluate("window.tverrkart.isolate('h0')")
    x, y = page_point(frame, point)
    editor.rerun(lambda: editor.page.mouse.click(x, y), "klikk på en aktør med fiendtlig navn")
    label = HOSTILE[0].text
    expect(editor.page.get_by_text(f"Valgt i kartet: {label}", exact=True)).to_be_visible()
    expect(editor.page.get_by_label("Navn eller rolle")).to_have_value(label)
    expect(editor.page.get_by_text(f"Støtte → {HOSTILE[1].text}", exact=True)).to_be_visible()
    labels = {n["id"]: n["label"] for n in frame.evaluate("window.tverrkart.nodes()")}
    assert labels["dollar"] == "Kari $& $$ $1 $'"
    editor.assert_no_injection("i kartredigereren")


FORGE_FROM_ANOTHER_FRAME = """() => new Promise((done) => {
  const forged = document.createElement("iframe");
  forged.setAttribute("sandbox", "allow-scripts");
  forged.srcdoc = "<script>parent.postMessage("
    + "{kind: 'move_actor', id: 'mor', ring: 3}, '*');"
    + "parent.postMessage({kind: 'select_actor', id: 'mor'}, '*');</scr" + "ipt>";
  forged.onload = () => done(true);
  document.body.appendChild(forged);
})"""


def test_forged_messages_change_nothing(editor: AppPage):
    frame = map_frame(editor)
    before = closeness(editor)
    # From the app's own window and from another frame: the host does not listen.
    editor.page.evaluate("window.postMessage({kind: 'select_actor', id: 'mor'}, '*')")
    editor.page.evaluate(
        "window.postMessage({kind: 'move_actor', id: 'mor', ring: 3, angle: 0}, '*')"
    )
    assert editor.page.evaluate(FORGE_FROM_ANOTHER_FRAME)
    # From the map's frame: an undeclared kind is dropped by the host; an unknown id
    # reaches Python, which refuses it and says so.
    frame.evaluate("window.parent.postMessage({kind: 'delete_case'}, '*')")
    editor.rerun(
        lambda: frame.evaluate(
            "window.parent.postMessage({kind: 'move_actor', id: 'ukjent', ring: 2}, '*')"
        ),
        "falsk melding med ukjent id",
    )
    editor.expect_alert("Warning", "finnes ikke i saken")
    # The messages are handled in order: only the map frame's declared one got through.
    expect(editor.page.locator(HOST)).to_have_attribute("data-accepted", "1")
    assert closeness(editor) == before
    expect(editor.page.get_by_text("Valgt i kartet")).to_have_count(0)


def test_nothing_is_sent_while_the_map_is_presented(editor: AppPage):
    frame = map_frame(editor)
    frame.evaluate("window.tverrkart.present.start()")
    frame.wait_for_function("window.tverrkart.present.active()")
    # Step 2 shows the family: Mor is on screen, but a click on her is not an edit.
    frame.evaluate("window.tverrkart.present.go(2)")
    frame.wait_for_function("window.tverrkart.visible().nodes.includes('mor')")
    x, y = page_point(frame, frame.evaluate("window.tverrkart.domPoint('mor')"))
    editor.page.mouse.click(x, y)
    # A message the frame does send, after the click: the host passes messages on in
    # order, so had the click been sent, two would be counted and Mor's panel shown.
    editor.rerun(
        lambda: frame.evaluate("window.parent.postMessage({kind: 'select_actor', id: 'far'}, '*')"),
        "en melding fra kartet etter klikket",
    )
    expect(editor.page.get_by_text("Valgt i kartet: Far")).to_be_visible()
    expect(editor.page.locator(HOST)).to_have_attribute("data-accepted", "1")
