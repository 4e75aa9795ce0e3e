"""The map of Norway on «Oversikt» in Chromium: drawn offline, hover, and click-through.

The map is drawn by the Vega library that Streamlit ships, from inline shapes: the test
records every request of the page and fails on any that is not for 127.0.0.1. It reads
the pixels of the drawn map (canvas) or its shapes (SVG) to see that the map is really
drawn, finds Holmestrand by its colour (the only municipality with a file in the shipped
example, so the only one not grey), hovers over it for the tooltip and clicks it, which
opens it on «Kommunens aktørkart».
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from graph.reference.registry import region_numbers

from .helpers import AppPage, is_local

pytestmark = pytest.mark.browser

EXAMPLE_TOGGLE = "Ta med eksempelet som følger med Tverrkart"
MAP = '[data-testid="stVegaLiteChart"]'

# Where the first chart (the map) holds a pixel that is neither grey, white nor
# transparent: Holmestrand. Returns its place in page coordinates, and what was drawn.
FIND_COLOURED_JS = """
(selector) => {
  const chart = document.querySelector(selector);
  if (!chart) { return null; }
  const canvas = chart.querySelector('canvas');
  const box = (canvas || chart.querySelector('svg')).getBoundingClientRect();
  const found = {kind: canvas ? 'canvas' : 'svg', width: box.width, height: box.height,
                 grey: 0, coloured: 0, x: null, y: null};
  if (canvas) {
    const ctx = canvas.getContext('2d');
    const {width, height} = canvas;
    const data = ctx.getImageData(0, 0, width, height).data;
    let sx = 0, sy = 0;
    for (let y = 0; y < height; y += 2) {
      for (let x = 0; x < width; x += 2) {
        const i = (y * width + x) * 4;
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a < 250 || (r > 245 && g > 245 && b > 245)) { continue; }
        if (Math.abs(r - g) < 8 && Math.abs(g - b) < 8) { found.grey += 1; continue; }
        found.coloured += 1; sx += x; sy += y;
      }
    }
    if (found.coloured) {
      const scale = box.width / width;
      found.x = box.left + (sx / found.coloured) * scale;
      found.y = box.top + (sy / found.coloured) * (box.height / height);
    }
    return found;
  }
  // Vega draws each geoshape as a path in a group of class mark-shape (not the legend).
  for (const path of chart.querySelectorAll('svg g.mark-shape path')) {
    const fill = (path.getAttribute('fill') || '').toLowerCase();
    if (fill === '#c8c8c8' || fill === 'rgb(200, 200, 200)') { found.grey += 1; continue; }
    if (!fill || fill === 'none' || fill === 'transparent') { continue; }
    const r = path.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) { continue; }
    found.coloured += 1;
    found.x = r.left + r.width / 2; found.y = r.top + r.height / 2;
  }
  return found;
}
"""


def open_oversikt_with_the_example(app: AppPage) -> float:
    """Go to Oversikt, take in the shipped example, and return seconds until the map shows."""
    app.go_to("Oversikt")
    toggle = app.page.get_by_test_id("stCheckbox").filter(has_text=EXAMPLE_TOGGLE)
    started = time.perf_counter()
    app.click(toggle.locator("label"), "bryteren for eksempelet")
    drawn = wait_drawn(app)
    elapsed = time.perf_counter() - started
    assert drawn["grey"] > 100, drawn
    return elapsed


def wait_drawn(app: AppPage) -> dict:
    """Wait until the map is drawn with its grey municipalities and one coloured one."""
    chart = app.page.locator(MAP).first
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    app.page.wait_for_function(
        f"() => {{ const f = ({FIND_COLOURED_JS})('{MAP}');"
        " return f && f.grey > 0 && f.coloured > 0; }"
    )
    return app.page.evaluate(FIND_COLOURED_JS, MAP)


def assert_offline(app: AppPage) -> None:
    requests = app.guard.requests
    assert requests, "ingen forespørsler ble registrert: opptakeren virker ikke"
    leaving = sorted({url for url in requests + app.guard.websockets if not is_local(url)})
    assert not leaving, "Forespørsler forlot 127.0.0.1:\n  " + "\n  ".join(leaving)
    app.guard.assert_clean()


def test_the_map_is_drawn_offline_with_hover_and_click_through(app: AppPage) -> None:
    seconds = open_oversikt_with_the_example(app)
    print(f"\nKartet over Norge tegnet {seconds:.2f} s etter at eksempelet ble slått på")
    for text in (
        "1 av 357 kommuner i kartet har registrert aktørkart",
        "Kartgrunnlag: © Kartverket (CC BY 4.0), via csmaps",
    ):
        expect(app.page.get_by_text(text)).to_be_visible()

    # A police district: the map zooms to its municipalities.
    app.select("Politidistrikt", "Sør-Øst politidistrikt")
    app.page.keyboard.press("Escape")  # a multiselect stays open after a choice
    expect(app.page.get_by_role("listbox")).to_have_count(0)
    expect(
        app.page.get_by_text(
            f"1 av {len(region_numbers(politidistrikter=['Sør-Øst politidistrikt']))} kommuner"
        )
    ).to_be_visible()
    drawn = wait_drawn(app)

    # Hover: name, score and what is missing.
    app.page.mouse.move(drawn["x"] - 40, drawn["y"] - 40)
    app.page.mouse.move(drawn["x"], drawn["y"], steps=5)
    tooltip = app.page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("Holmestrand")
    expect(tooltip).to_contain_text("83 %")
    expect(tooltip).to_contain_text("Mentorordning (ikke oppgitt)")
    expect(tooltip).to_contain_text("RVTS Sør (usikker)")

    app.screenshot("kart-sor-ost-politidistrikt")  # the closing note's picture

    # The same map as a picture for reports, made on the server without a network.
    for kind, start in (("SVG", b"<svg"), ("PNG", b"\x89PNG")):
        with app.page.expect_download() as info:
            app.button(f"Last ned kartet ({kind})").click()
        picture = Path(info.value.path()).read_bytes()
        assert picture.startswith(start), picture[:40]
        assert info.value.suggested_filename == f"tverrkart-kart.{kind.lower()}"
        if kind == "SVG":  # the credit is printed in the picture too
            assert b"Kartverket (CC BY 4.0)" in picture

    # Click: Holmestrand opens on «Kommunens aktørkart».
    drawn = wait_drawn(app)  # the screenshot may have moved the page
    app.rerun(lambda: app.page.mouse.click(drawn["x"], drawn["y"]), "klikk på Holmestrand")
    expect(app.page.locator("h1").first).to_have_text("Kommunens aktørkart")
    expect(app.page.get_by_text("Holmestrand (3903)").first).to_be_visible()
    app.expect_alert("Success", "Åpnet Holmestrand fra Oversikt.")
    assert_offline(app)
