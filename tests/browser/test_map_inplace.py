"""The map you work on changes in place (issue 14, sections 3 and 5): after an edit the
running network is updated, not the frame reloaded; and the map's picture (PNG).

The app is a small script of its own (:data:`SCRIPT`, served like the one in
``test_map_editor.py``): the first fictional example drawn by
``pages.widgets.map_component.editable_map``, with a checkbox «Bare familien» that
filters the map (its legend changes: a new page, not an in-place update) and each
actor's closeness printed under it.

A test marks the frame's window (``window.__tkMarker``) before an edit: the marker
survives only if the frame was not loaded anew. The map's hook counts the updates it
has drawn (``tverrkart.updates``), which is what a test waits on.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from graph.render.html import render_map_html
from tests.server_support import stop_process

from .helpers import AppPage
from .script_server import ScriptServer, script_tab
from .test_map_editor import (
    HOST,
    canvas_box,
    closeness,
    empty_place,
    map_frame,
    page_point,
    place_on_page,
)
from .test_map_script import READY_JS, egocentric_spec

pytestmark = pytest.mark.browser

SCRIPT = """
import json

import streamlit as st

from graph.analysis import analyse_case
from graph.format.examples import list_examples
from graph.maps import network_map
from graph.maps.filter import filtered_network_map
from pages.widgets.item import CASE
from pages.widgets.map_component import editable_map

case = CASE.start(lambda: json.loads(list_examples()[0].path.read_text(encoding="utf-8")))
CASE.messages()
if st.checkbox("Bare familien"):
    spec = filtered_network_map(case, sectors=["familie"]).spec
else:
    spec = network_map(case)
editable_map(CASE, case, spec, analysis=analyse_case(case))
st.code(json.dumps({a.id: a.closeness for a in case.actors}), language=None)
"""

MARK = "window.__tkMarker = 'samme side'"
MARKED = "() => window.__tkMarker === 'samme side'"


@pytest.fixture(scope="module")
def inplace_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScriptServer]:
    server = ScriptServer(tmp_path_factory.mktemp("map-inplace"), SCRIPT, "inplace_app.py")
    yield server
    stop_process(server.process)


@pytest.fixture
def editor(inplace_server: ScriptServer, shared_context) -> Iterator[AppPage]:
    """The script in a new page (a new session), loaded and idle; the guard checked after."""
    yield from script_tab(inplace_server, shared_context)


def zoom_in(tab: AppPage, frame) -> dict:
    """Zoom the map as a user does (Ctrl + wheel over it); return the view after."""
    box = canvas_box(frame)
    before = frame.evaluate("window.tverrkart.view()")
    tab.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.page.keyboard.down("Control")
    tab.page.mouse.wheel(0, -120)
    tab.page.keyboard.up("Control")
    frame.wait_for_function("(scale) => window.tverrkart.view().scale > scale", arg=before["scale"])
    return frame.evaluate("window.tverrkart.view()")


def drag_to_ring(tab: AppPage, frame, actor: str, ring: int) -> None:
    """Drag ``actor`` onto ring ``ring`` along its own angle and wait for the run."""
    rings = frame.evaluate("window.tverrkart.guides().rings")
    at = frame.evaluate(f"window.tverrkart.positions()['{actor}']")
    view = frame.evaluate("window.tverrkart.view()")
    box = canvas_box(frame)
    angle = math.atan2(at["y"], at["x"])
    target = {"x": rings[ring - 1] * math.cos(angle), "y": rings[ring - 1] * math.sin(angle)}
    x0, y0 = page_point(frame, frame.evaluate(f"window.tverrkart.domPoint('{actor}')"))
    x1, y1 = page_point(
        frame,
        {
            "x": (target["x"] - view["x"]) * view["scale"] + box["width"] / 2,
            "y": (target["y"] - view["y"]) * view["scale"] + box["height"] / 2,
        },
    )

    tab.drag((x0, y0), (x1, y1), f"dra {actor} til ring {ring}")


def test_a_drag_to_another_ring_updates_the_running_map(editor: AppPage):
    frame = map_frame(editor)
    frame.evaluate(MARK)
    view = zoom_in(editor, frame)
    drag_to_ring(editor, frame, "soster", 3)
    editor.expect_alert("Success", "er flyttet til ring 3")
    assert closeness(editor)["soster"] == 3
    frame.wait_for_function("() => window.tverrkart.updates === 1")
    assert frame.evaluate(MARKED), "kartets side ble lastet på nytt"
    after = frame.evaluate("window.tverrkart.view()")
    assert after["scale"] == pytest.approx(view["scale"], rel=1e-9)
    assert (after["x"], after["y"]) == pytest.approx((view["x"], view["y"]), abs=1e-6)
    # The node is where the new layout put it: on ring 3 (rings as drawn now).
    rings = frame.evaluate("window.tverrkart.guides().rings")
    drawn = frame.evaluate("window.tverrkart.positions()['soster']")
    given = next(n for n in frame.evaluate("window.tverrkart.nodes()") if n["id"] == "soster")
    # (positions() gives whole map units)
    assert (drawn["x"], drawn["y"]) == pytest.approx((given["x"], given["y"]), abs=1)
    assert abs(math.hypot(drawn["x"], drawn["y"]) - rings[2]) < (rings[2] - rings[1]) / 2
    expect(editor.page.locator(HOST)).to_have_count(1)


def test_an_actor_added_on_the_map_appears_without_reloading(editor: AppPage):
    frame = map_frame(editor)
    frame.evaluate(MARK)
    nodes_before = {n["id"] for n in frame.evaluate("window.tverrkart.nodes()")}
    sector, _ring, place = empty_place(frame)
    x, y = place_on_page(frame, place)
    editor.rerun(lambda: editor.page.mouse.dblclick(x, y), "dobbeltklikk på et tomt sted")
    expect(editor.page.get_by_text(f"Ny aktør her: {sector}")).to_be_visible()
    before = closeness(editor)
    panel = editor.page.locator("[data-testid=stForm]")
    panel.get_by_label("Navn eller rolle").fill("Ny på kartet")
    editor.click(panel.get_by_role("button", name="Legg til aktøren"), "legg til")
    editor.expect_alert("Success", "er lagt til")
    added = set(closeness(editor)) - set(before)
    assert len(added) == 1
    new_id = added.pop()
    frame.wait_for_function("() => window.tverrkart.updates === 1")
    assert frame.evaluate(MARKED), "kartets side ble lastet på nytt"
    nodes_after = {n["id"]: n for n in frame.evaluate("window.tverrkart.nodes()")}
    assert new_id in nodes_after and nodes_after[new_id]["label"] == "Ny på kartet"
    assert nodes_before <= set(nodes_after)
    # The view was never moved by the user: it is fitted again, the new actor in view.
    box = canvas_box(frame)
    point = frame.evaluate(f"window.tverrkart.domPoint('{new_id}')")
    assert 0 < point["x"] < box["width"] and 0 < point["y"] < box["height"]


FORGE_TO_THE_MAP = """() => new Promise((done) => {
  const forged = document.createElement("iframe");
  forged.setAttribute("sandbox", "allow-scripts");
  forged.srcdoc = "<script>const m = {kind: 'tk-update', actors: ['x'], sectors: [],"
    + " data: {nodes: [{id: 'forged', label: 'Falsk', shape: 'dot', x: 0, y: 0,"
    + " color: {background: '#000000', border: '#000000'}, size: 9}], edges: [],"
    + " highlighted: [], guides: null}};"
    + "for (let i = 0; i < parent.frames.length; i += 1) { parent.frames[i].postMessage(m, '*'); }"
    + "</scr" + "ipt>";
  forged.onload = () => done(true);
  document.body.appendChild(forged);
})"""


def test_only_the_parent_may_update_the_map(editor: AppPage):
    frame = map_frame(editor)
    nodes = frame.evaluate("window.tverrkart.nodes().length")
    # From another frame of the app page, and from the map page itself.
    assert editor.page.evaluate(FORGE_TO_THE_MAP)
    frame.evaluate(
        "window.postMessage({kind: 'tk-update', actors: [], sectors: [],"
        " data: {nodes: [], edges: [], highlighted: [], guides: null}}, '*')"
    )
    # From the parent, but not of the shape of a page's data.
    editor.page.locator(HOST).evaluate(
        """(host) => host.contentWindow.postMessage(
          {kind: 'tk-update', actors: [], sectors: [], data: {nodes: 'alle'}}, '*')"""
    )
    # A real edit afterwards is the first and only update the map draws.
    drag_to_ring(editor, frame, "soster", 3)
    editor.expect_alert("Success", "er flyttet til ring 3")
    frame.wait_for_function("() => window.tverrkart.updates >= 1")
    assert frame.evaluate("window.tverrkart.updates") == 1
    ids = [n["id"] for n in frame.evaluate("window.tverrkart.nodes()")]
    assert len(ids) == nodes and "forged" not in ids


def test_a_new_page_shell_loads_the_frame_anew(editor: AppPage):
    frame = map_frame(editor)
    frame.evaluate(MARK)
    editor.click(editor.page.get_by_text("Bare familien"), "Bare familien")
    # A filtered map has a notice: another page, so the frame is loaded anew.
    # …and fitted once shown (map_bridge.js), before a node is pointed at.
    frame.wait_for_function(
        """() => window.__tkMarker === undefined && !!window.tverrkart && window.tverrkart.ready
          && document.getElementById('tk-map').dataset.tkShown === '1'"""
    )
    assert frame.evaluate("window.tverrkart.updates") == 0
    groups = {n["group"] for n in frame.evaluate("window.tverrkart.nodes()")}
    assert "formal" not in groups  # the services are filtered away
    # With no service on the map, the legend's line for services selects nothing.
    services = frame.locator(".tk-legend li").filter(has_text="Tjeneste (formelt nettverk)")
    expect(services.get_by_role("button")).to_have_count(0)
    # The new page takes in-place updates too.
    frame.evaluate(MARK)
    drag_to_ring(editor, frame, "soster", 3)
    editor.expect_alert("Success", "er flyttet til ring 3")
    frame.wait_for_function("() => window.tverrkart.updates === 1")
    assert frame.evaluate(MARKED)


# --------------------------------------------------------------------------- the picture


def png_size(data: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.size


def assert_map_picture(data: bytes, canvas: dict) -> None:
    """Twice the canvas's CSS size wide, its map plus a legend high, the legend drawn."""
    image = Image.open(io.BytesIO(data)).convert("L")
    width, height = image.size
    assert width == round(2 * canvas["width"])
    map_height = round(2 * canvas["height"])
    assert height > map_height + 40, "ingen tegnforklaring under kartet"
    legend = image.crop((0, map_height + 4, width, height))
    dark = sum(legend.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 500, "tegnforklaringen er tom"
    drawn = image.crop((0, 0, width, map_height))
    assert sum(drawn.histogram()[:200]) > 500, "kartet er tomt"


def test_the_exported_map_downloads_its_picture(page: Page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_content(render_map_html(egocentric_spec(title="Kart over Ola"), inline_js=True))
    page.wait_for_function(READY_JS)
    canvas = page.locator("#tk-map canvas").bounding_box()
    assert canvas is not None
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned bilde (PNG)").click()
    assert download.value.suggested_filename == "kart-over-ola.png"
    data = download.value.path().read_bytes()
    assert_map_picture(data, canvas)
    # The hook gives the same picture as a data URL; nothing was fetched for it.
    url = page.evaluate("window.tverrkart.png()")
    assert url.startswith("data:image/png;base64,")
    assert png_size(base64.b64decode(url.split(",", 1)[1])) == png_size(data)
    assert not requests


def test_the_app_saves_the_maps_picture_from_its_sandboxed_frame(editor: AppPage):
    frame = map_frame(editor)
    canvas = canvas_box(frame)
    runs = editor.runs()
    with editor.page.expect_download() as download:
        frame.get_by_role("button", name="Last ned bilde (PNG)").click()
    assert download.value.suggested_filename == "nettverkskart.png"
    assert_map_picture(download.value.path().read_bytes(), canvas)
    # The picture never went to Python: no run, nothing passed on.
    assert editor.runs() == runs
    expect(editor.page.locator(HOST)).to_have_attribute("data-accepted", "0")
