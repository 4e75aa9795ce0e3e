"""The map's own controls (issue 11) and what the readable layout assumes of the browser.

Rendered pages loaded with ``page.set_content`` in Chromium, no Streamlit server, read
through the test hook ``window.tverrkart`` as in ``test_map_script.py``:

* the mouse wheel scrolls the page until the map is clicked; then it zooms the map,
  until a click outside it or Esc; Ctrl + wheel always zooms the map;
* «Tilpass» fits the view again, «Fullskjerm» fills the screen with the map (Esc or the
  button leaves);
* labels on a case map have the fixed size the layout kept apart, ties keep the curves
  the layout chose, the legal basis stands beside the «§»;
* the label sizes :mod:`graph.render.geometry` estimates are never smaller than the text
  Chromium draws.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from graph.format.examples import list_examples
from graph.format.limits import MAP_READABLE_ACTORS
from graph.maps import network_map
from graph.maps.casemap import MAP_LABEL_SIZE, MAP_LABEL_WRAP, case_map_spec
from graph.maps.ideamap import idea_map_spec
from graph.reference.catalogue import load_catalogue
from graph.render.geometry import text_size, wrap_lines
from graph.render.html import FONT_STACK, chrome_height_px, render_map_html
from graph.render.spec import MapSpec
from tests.conftest import make_case
from tests.hostile_strings import HOSTILE

pytestmark = pytest.mark.browser

READY_JS = "() => !!window.tverrkart && window.tverrkart.ready === true"
CATALOGUE = load_catalogue()
EXAMPLES = {example.name: example.load() for example in list_examples()}
HINT = "Klikk i kartet for å zoome, eller hold Ctrl"


@pytest.fixture
def show(page: Page) -> Callable[..., Page]:
    """Load a rendered map, with a long page under it, and wait until it is drawn."""
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def load(spec: MapSpec) -> Page:
        page.set_content(render_map_html(spec, inline_js=True))
        page.wait_for_function(READY_JS)
        # Room to scroll, as on a Streamlit page with the map in the middle.
        page.evaluate(
            "() => { const d = document.createElement('div');"
            " d.style.height = '3000px'; document.body.appendChild(d); }"
        )
        return page

    yield load
    assert not errors, f"skriptfeil i kartet: {errors}"
    assert not requests, f"kartet gjorde forespørsler: {requests}"


def hook(page: Page, expression: str):
    return page.evaluate(f"() => window.tverrkart.{expression}")


def map_centre(page: Page) -> tuple[float, float]:
    box = page.locator("#tk-map canvas").bounding_box()
    assert box
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 3


def scroll_y(page: Page) -> float:
    return page.evaluate("() => window.scrollY")


def example_map() -> MapSpec:
    return network_map(EXAMPLES["elev-utreise"], CATALOGUE)


# --------------------------------------------------------------------------- the wheel


def test_the_wheel_scrolls_the_page_until_the_map_is_clicked(show):
    page = show(example_map())
    expect(page.locator("#tk-zoom-hint")).to_have_text(HINT)
    scale = hook(page, "view()")["scale"]
    page.mouse.move(*map_centre(page))
    page.mouse.wheel(0, 400)
    page.wait_for_function("() => window.scrollY > 0")
    assert hook(page, "view()")["scale"] == scale
    assert hook(page, "zoomActive()") is False


def test_after_a_click_the_wheel_zooms_the_map_and_not_the_page(show):
    page = show(example_map())
    scale = hook(page, "view()")["scale"]
    x, y = map_centre(page)
    page.mouse.click(x, y)
    assert hook(page, "zoomActive()") is True
    expect(page.locator("#tk-zoom-hint")).not_to_have_text(HINT)
    page.mouse.move(x, y)
    page.mouse.wheel(0, -300)
    page.wait_for_function(f"() => window.tverrkart.view().scale > {scale} * 1.01")
    assert scroll_y(page) == 0


def test_a_click_outside_the_map_or_esc_turns_zooming_off(show):
    page = show(example_map())
    x, y = map_centre(page)
    page.mouse.click(x, y)
    assert hook(page, "zoomActive()") is True
    page.locator("#tk-zoom-hint").click()
    assert hook(page, "zoomActive()") is False
    expect(page.locator("#tk-zoom-hint")).to_have_text(HINT)
    page.mouse.click(x, y)
    page.keyboard.press("Escape")
    assert hook(page, "zoomActive()") is False
    scale = hook(page, "view()")["scale"]
    page.mouse.move(x, y)
    page.mouse.wheel(0, 400)
    page.wait_for_function("() => window.scrollY > 0")
    assert hook(page, "view()")["scale"] == scale


def test_ctrl_and_the_wheel_zoom_the_map_without_a_click(show):
    page = show(example_map())
    scale = hook(page, "view()")["scale"]
    page.mouse.move(*map_centre(page))
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_function(f"() => window.tverrkart.view().scale > {scale} * 1.1")
    assert scroll_y(page) == 0
    assert hook(page, "zoomActive()") is False


# --------------------------------------------------------------------------- fit, full screen


def test_tilpass_fits_the_view_again(show):
    page = show(example_map())
    fitted = hook(page, "view()")
    x, y = map_centre(page)
    page.keyboard.down("Control")
    page.mouse.move(x, y)
    for _ in range(3):
        page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_function(f"() => window.tverrkart.view().scale > {fitted['scale']} * 1.3")
    page.get_by_role("button", name="Tilpass").click()
    view = hook(page, "view()")
    assert view["scale"] == pytest.approx(fitted["scale"])
    assert (view["x"], view["y"]) == pytest.approx((fitted["x"], fitted["y"]), abs=1e-6)


def test_fullskjerm_fills_the_screen_and_esc_or_the_button_leave(show):
    page = show(example_map())
    before = page.locator("#tk-map").bounding_box()
    assert before
    button = page.get_by_role("button", name="Fullskjerm")
    expect(button).to_be_visible()
    button.click()
    page.wait_for_function("() => window.tverrkart.fullscreen() === true")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text("Lukk fullskjerm")
    viewport = page.viewport_size
    assert viewport
    page.wait_for_function(
        f"() => document.getElementById('tk-map').clientHeight > {viewport['height']} * 0.8"
    )
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.tverrkart.fullscreen() === false")
    expect(button).to_have_text("Fullskjerm")
    button.click()
    page.wait_for_function("() => window.tverrkart.fullscreen() === true")
    page.get_by_role("button", name="Lukk fullskjerm").click()
    page.wait_for_function("() => window.tverrkart.fullscreen() === false")
    after = page.locator("#tk-map").bounding_box()
    assert after and after["height"] == pytest.approx(before["height"], abs=1)


# --------------------------------------------------------------------------- what the layout chose


def test_a_case_map_draws_labels_at_the_size_the_layout_kept_apart(show):
    page = show(example_map())
    assert hook(page, "view()")["labelSize"] == MAP_LABEL_SIZE
    page.mouse.move(*map_centre(page))
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    assert hook(page, "view()")["labelSize"] == MAP_LABEL_SIZE  # zooms with the map
    data = page.evaluate("() => JSON.parse(document.getElementById('tk-data').textContent)")
    assert data["options"]["nodes"]["widthConstraint"] == {"maximum": MAP_LABEL_WRAP}


def test_ties_keep_their_curves_and_show_the_legal_basis(show):
    spec = example_map()
    page = show(spec)
    edges = hook(page, "edges()")
    assert [e["curve"] for e in edges] == pytest.approx([e.curve for e in spec.edges])
    assert any(e.curve for e in spec.edges)  # the example needs some
    labels = [e["label"] for e in edges]
    assert "§ samtykke" in labels and "§ opplysningsplikt" in labels


def test_a_case_too_large_to_read_says_so_above_the_map(show):
    types = list(CATALOGUE.types)
    count = MAP_READABLE_ACTORS + 1
    case = make_case([(f"a{i}", types[i % len(types)], 1 + i % 3) for i in range(count)])
    page = show(case_map_spec(case, CATALOGUE))
    notice = page.locator(".tk-notice")
    expect(notice).to_contain_text(f"Saken har {count} aktører")
    assert hook(page, "dense") is True


def test_the_idea_map_has_the_controls_too(show):
    page = show(idea_map_spec(CATALOGUE))
    expect(page.get_by_role("button", name="Tilpass")).to_be_visible()
    assert hook(page, "view()")["labelSize"] == MAP_LABEL_SIZE


# --------------------------------------------------------------------------- the estimate


def test_the_label_estimate_is_never_smaller_than_the_drawn_text(show):
    page = show(example_map())
    texts = [node.label for case in EXAMPLES.values() for node in network_map(case).nodes]
    texts += [t.label for t in idea_map_spec(CATALOGUE).nodes]
    texts += [h.text[:60] for h in HOSTILE if h.text.isprintable()]
    texts += ["WWWWWWWWWWWWWWWWWWWWWWWWWWWW", "ÆØÅ ÆØÅ ÆØÅ MMMMM", "§ opplysningsplikt"]
    texts += ["{[(*)]}", "0123456789", "Ωμέγα Ελληνικά", "漢字かな", "🙂🙂🙂 ★ → ✓"]
    lines = [line for text in texts for line in wrap_lines(text, MAP_LABEL_SIZE, None) if line]
    widths = page.evaluate(
        """([lines, font, size]) => {
          const ctx = document.createElement("canvas").getContext("2d");
          ctx.font = size + "px " + font;
          return lines.map((line) => ctx.measureText(line).width);
        }""",
        [lines, FONT_STACK, MAP_LABEL_SIZE],
    )
    too_small = [
        (line, width, text_size(line, MAP_LABEL_SIZE)[0])
        for line, width in zip(lines, widths, strict=True)
        if width > text_size(line, MAP_LABEL_SIZE)[0] + 0.5
    ]
    assert too_small == []


@pytest.mark.parametrize("notice", ["", "Saken har 151 aktører. " * 8])
def test_the_toolbar_and_notice_fit_in_the_room_the_page_is_told_of(show, notice):
    spec = dataclasses.replace(example_map(), title="", notice=notice)
    page = show(spec)
    page.set_viewport_size({"width": 700, "height": 900})  # a narrow column: the notice wraps
    top = page.evaluate("() => document.getElementById('tk-map').getBoundingClientRect().top")
    assert top <= chrome_height_px(spec) + 6  # the body's padding
