"""The map script (graph/render/static/map.js) on its own: rendered pages loaded with
``page.set_content`` in Chromium, no Streamlit server.

Pages are rendered with both scripts inlined, as the offline export is, and read only
through the page's test hook ``window.tverrkart``. Each test waits for the hook's
``ready`` (the end of the first draw) and then uses Playwright's auto-waiting
``expect`` or waits on a condition in the page; nothing sleeps.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from graph.render.html import DENSE_NODES, render_map_html
from graph.render.spec import LegendItem, MapEdge, MapNode, MapSpec

pytestmark = pytest.mark.browser

READY_JS = "() => !!window.tverrkart && window.tverrkart.ready === true"
HIGHLIGHT_RGB = (0xC2, 0x41, 0x0C)
"""The colour of the highlight ring, as map.js draws it."""

COUNT_COLOUR_JS = """
([r, g, b]) => {
  const canvas = document.querySelector("#tk-map canvas");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12
        && Math.abs(data[i + 2] - b) < 12 && data[i + 3] > 200) { count += 1; }
  }
  return count;
}
"""


def polar(radius: float, degrees: float) -> tuple[float, float]:
    return radius * math.cos(math.radians(degrees)), -radius * math.sin(math.radians(degrees))


def egocentric_spec(**overrides) -> MapSpec:
    """A person in the middle, three rings, a service, a highlighted friend and a ghost."""
    fields = {
        "title": "",
        "nodes": (
            MapNode("person", "Ola (16)", 0, 0, shape="ellipse", size=24, group="person"),
            MapNode("mor", "Mor", *polar(170, 110), title="Familie", group="informal"),
            MapNode(
                "laerer",
                "Kontaktlærer",
                *polar(310, 200),
                shape="box",
                color="#cfe3f3",
                group="formal",
            ),
            MapNode(
                "venn",
                "Venn på nett",
                *polar(450, 40),
                shape="triangle",
                highlighted=True,
                group="risk-actor",
            ),
            MapNode(
                "ghost",
                "Mangler: barnevern",
                *polar(450, 250),
                border_dashes=True,
                group="ghost",
            ),
        ),
        "edges": (
            MapEdge("person", "mor", title="Støtte", group="support"),
            MapEdge("laerer", "person", color="#3d3d3d", arrow=True, group="referral"),
            MapEdge("person", "venn", color="#c1121f", dashes=(10, 6), group="risk"),
            MapEdge("person", "laerer", group="support"),
        ),
        "legend": (
            LegendItem("node", "Tjeneste", shape="box", color="#cfe3f3", group="formal"),
            LegendItem("node", "Mangler", border_dashes=True, group="ghost"),
            LegendItem("edge", "Støtte", color="#2a7f62", group="support"),
            LegendItem("edge", "Risiko", color="#c1121f", dashes=(10, 6), group="risk"),
            LegendItem("edge", "Samarbeid", color="#1d4e89", group="collaboration"),
        ),
        "rings": (170.0, 310.0, 450.0),
        "sector_lines": ((90.0, "Familie"), (210.0, "Skole"), (330.0, "Fritid")),
        "height_px": 600,
    }
    fields.update(overrides)
    return MapSpec(**fields)


def many_nodes(count: int) -> MapSpec:
    """``count`` nodes on a spiral, no guides (a municipal-style map)."""
    nodes = tuple(
        MapNode(f"n{i}", f"Aktør {i}", *polar(20 + 4 * i, i * 23.0), group="formal")
        for i in range(count)
    )
    edges = tuple(MapEdge("n0", f"n{i}") for i in range(1, count))
    return MapSpec(title="", nodes=nodes, edges=edges, height_px=600)


@pytest.fixture
def show(page: Page) -> Callable[..., Page]:
    """Load a rendered map into the page and wait until it is drawn; no request may leave."""
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def load(spec: MapSpec, wait: str = READY_JS, **options) -> Page:
        page.set_content(render_map_html(spec, inline_js=True, **options))
        page.wait_for_function(wait)
        return page

    yield load
    assert not errors, f"skriptfeil i kartet: {errors}"
    assert not requests, f"kartet gjorde forespørsler: {requests}"


def hook(page: Page, expression: str):
    return page.evaluate(f"() => window.tverrkart.{expression}")


def canvas_size(page: Page) -> dict:
    box = page.locator("#tk-map canvas").bounding_box()
    assert box
    return box


# --------------------------------------------------------------------------- the hook


def test_the_hook_holds_the_nodes_and_edges_as_given(show):
    spec = egocentric_spec()
    page = show(spec)
    nodes = hook(page, "nodes()")
    assert [n["id"] for n in nodes] == [n.id for n in spec.nodes]
    assert [n["group"] for n in nodes] == [n.group for n in spec.nodes]
    assert nodes[1]["title"] == "Familie" and nodes[0]["title"] is None
    edges = hook(page, "edges()")
    assert [(e["id"], e["from"], e["to"]) for e in edges] == [
        (f"e{i}", e.source, e.target) for i, e in enumerate(spec.edges)
    ]
    assert [e["group"] for e in edges] == [e.group for e in spec.edges]
    positions = hook(page, "positions()")
    for node in spec.nodes:
        assert abs(positions[node.id]["x"] - node.x) < 1
        assert abs(positions[node.id]["y"] - node.y) < 1
    assert hook(page, "error") is None
    assert hook(page, "readyAt") > 0


def test_without_vis_network_the_page_says_so(show, page: Page):
    html = render_map_html(egocentric_spec(), inline_js=True)
    html = re.sub(
        r'<script id="tk-vis-network">.*?</script>',
        '<script id="tk-vis-network"></script>',
        html,
        count=1,
        flags=re.S,
    )
    page.set_content(html)
    page.wait_for_function("() => !!window.tverrkart && window.tverrkart.error !== null")
    expect(page.locator(".tk-map-error")).to_have_text(re.compile("vis-network"))
    assert hook(page, "ready") is False


# --------------------------------------------------------------------------- fitting


def assert_all_nodes_in_view(page: Page) -> None:
    box = canvas_size(page)
    for node in hook(page, "nodes()"):
        point = page.evaluate("(id) => window.tverrkart.domPoint(id)", node["id"])
        assert 0 <= point["x"] <= box["width"], (node["id"], point, box)
        assert 0 <= point["y"] <= box["height"], (node["id"], point, box)


def test_an_egocentric_map_is_fitted_around_the_person_with_every_ring_in_view(show):
    page = show(egocentric_spec())
    view = hook(page, "view()")
    box = canvas_size(page)
    assert abs(view["x"]) < 1e-6 and abs(view["y"]) < 1e-6
    assert 450 * view["scale"] <= min(box["width"], box["height"]) / 2
    # As large as the labels allow: the outer ring fills most of the height.
    assert 450 * view["scale"] > 0.6 * box["height"] / 2
    assert view["labelSize"] == pytest.approx(13 / view["scale"])
    assert_all_nodes_in_view(page)


def test_a_map_without_guides_is_centred_on_its_nodes(show):
    spec = egocentric_spec(rings=(), sector_lines=(), legend=())
    page = show(spec)
    view = hook(page, "view()")
    xs = [n.x for n in spec.nodes]
    ys = [n.y for n in spec.nodes]
    assert view["x"] == pytest.approx((min(xs) + max(xs)) / 2, abs=1)
    assert view["y"] == pytest.approx((min(ys) + max(ys)) / 2, abs=1)
    assert_all_nodes_in_view(page)


def test_the_view_is_fitted_again_when_the_window_changes_size(show):
    page = show(egocentric_spec())
    before = hook(page, "view()")["scale"]
    size = page.viewport_size
    page.set_viewport_size({"width": 500, "height": size["height"]})
    page.wait_for_function(f"() => window.tverrkart.view().scale < {before} * 0.8")
    assert_all_nodes_in_view(page)


# --------------------------------------------------------------------------- dense mode


def test_up_to_the_threshold_labels_are_sized_for_the_view(show):
    page = show(many_nodes(DENSE_NODES))
    assert hook(page, "dense") is False
    view = hook(page, "view()")
    assert view["labelSize"] == pytest.approx(min(max(13 / view["scale"], 4), 200))


def test_above_the_threshold_the_map_is_dense_and_still_fits(show):
    page = show(many_nodes(DENSE_NODES + 1))
    assert hook(page, "dense") is True
    view = hook(page, "view()")
    assert view["labelSize"] is None  # labels keep their size and show when zoomed in
    assert len(hook(page, "nodes()")) == DENSE_NODES + 1
    assert_all_nodes_in_view(page)


# --------------------------------------------------------------------------- highlighting


def test_highlighted_nodes_get_a_ring(show):
    page = show(egocentric_spec())
    assert hook(page, "highlighted()") == ["venn"]
    ringed = page.evaluate(COUNT_COLOUR_JS, list(HIGHLIGHT_RGB))
    assert ringed > 50, f"no highlight ring on the canvas ({ringed} pixels)"


def test_without_highlights_there_is_no_ring(show):
    spec = egocentric_spec()
    plain = tuple(
        MapNode(n.id, n.label, n.x, n.y, shape=n.shape, group=n.group) for n in spec.nodes
    )
    page = show(egocentric_spec(nodes=plain))
    assert hook(page, "highlighted()") == []
    assert page.evaluate(COUNT_COLOUR_JS, list(HIGHLIGHT_RGB)) == 0


# --------------------------------------------------------------------------- legend


def legend_button(page: Page, text: str):
    return page.locator("button.tk-legend-item", has_text=text)


def test_clicking_a_legend_line_selects_its_group_and_clicking_again_clears_it(show):
    page = show(egocentric_spec())
    service, support, risk = (legend_button(page, t) for t in ("Tjeneste", "Støtte", "Risiko"))

    service.click()
    expect(service).to_have_attribute("aria-pressed", "true")
    assert hook(page, "selection()") == {"nodes": ["laerer"], "edges": []}

    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(service).to_have_attribute("aria-pressed", "false")
    assert hook(page, "selection()") == {"nodes": [], "edges": ["e0", "e3"]}

    risk.click()
    assert hook(page, "selection()") == {"nodes": [], "edges": ["e2"]}

    risk.click()
    expect(risk).to_have_attribute("aria-pressed", "false")
    assert hook(page, "selection()") == {"nodes": [], "edges": []}


def test_a_legend_line_whose_group_is_not_on_the_map_is_plain_text(show):
    page = show(egocentric_spec())
    expect(page.locator(".tk-legend-item", has_text="Samarbeid")).to_have_count(1)
    expect(legend_button(page, "Samarbeid")).to_have_count(0)
    expect(page.locator("button.tk-legend-item")).to_have_count(4)


def test_look_alike_lines_select_by_group_not_by_look(show):
    box = {"shape": "box", "color": "#cfe3f3"}
    spec = egocentric_spec(
        nodes=(
            MapNode("a", "A", -100, 0, **box, group="formal"),
            MapNode("b", "B", 100, 0, **box, group="coordinator"),
            MapNode("c", "C", 0, 100, **box),
        ),
        edges=(),
        legend=(
            LegendItem("node", "Tjeneste", **box, group="formal"),
            LegendItem("node", "Koordinator", **box, group="coordinator"),
        ),
    )
    page = show(spec)
    legend_button(page, "Koordinator").click()
    expect(legend_button(page, "Koordinator")).to_have_attribute("aria-pressed", "true")
    assert hook(page, "selection()")["nodes"] == ["b"]
    legend_button(page, "Tjeneste").click()
    expect(legend_button(page, "Tjeneste")).to_have_attribute("aria-pressed", "true")
    assert hook(page, "selection()")["nodes"] == ["a"]


def test_a_click_on_the_map_releases_the_pressed_line(show):
    page = show(egocentric_spec())
    service = legend_button(page, "Tjeneste")
    service.click()
    expect(service).to_have_attribute("aria-pressed", "true")
    box = canvas_size(page)
    page.mouse.click(box["x"] + 5, box["y"] + 5)  # a corner: no node there
    expect(service).to_have_attribute("aria-pressed", "false")
    assert hook(page, "selection()") == {"nodes": [], "edges": []}


def test_a_static_legend_has_no_buttons(show):
    page = show(egocentric_spec(), interactive_legend=False)
    expect(page.locator("button.tk-legend-item")).to_have_count(0)
    expect(page.locator(".tk-legend-item")).to_have_count(5)
