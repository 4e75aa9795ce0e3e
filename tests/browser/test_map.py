"""The map is really drawn: vis-network in the iframe holds the expected nodes and edges.

The expectation comes from the same core functions the page uses (see expected.py):
actors + the person + one dashed ghost per "must"/"should" gap while the toggle
«Vis aktører som mangler (stiplet)» is on, and actors + the person when it is off;
one edge per tie. A screenshot of every page goes to test-artifacts/.
"""

from __future__ import annotations

import pytest

from graph.analysis import analyse_case

from .expected import CATALOGUE, EXAMPLES, case_spec, counts, idea_spec, node_data
from .helpers import ARTIFACTS, AppPage, slug

pytestmark = pytest.mark.browser

INK_JS = """
() => {
  const canvas = document.querySelector("#tk-map canvas");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 160 || data[i + 1] < 160 || data[i + 2] < 160)) { ink += 1; }
  }
  return ink;
}
"""

POSITIONS_JS = "() => window.tverrkart.positions()"


def assert_drawn_at_spec_positions(app: AppPage, spec) -> None:
    """Every node stands where the core placed it (physics is off), and the canvas has ink.

    vis-network cuts drawn positions to whole map units, hence the tolerance."""
    frame = app.map_frame()
    positions = frame.evaluate(POSITIONS_JS)
    for node in spec.nodes:
        got = positions[str(node.id)]
        assert abs(got["x"] - node.x) < 1 and abs(got["y"] - node.y) < 1, (
            f"{node.id!r} står på ({got['x']}, {got['y']}), ikke på ({node.x:.1f}, {node.y:.1f})"
        )
    ink = frame.evaluate(INK_JS)
    assert ink > 2_000, f"kartet ser tomt ut: bare {ink} mørke piksler på lerretet"


def test_each_example_is_drawn_with_its_actors_ghosts_and_ties(app: AppPage):
    """All examples in one session (opening one replaces the other)."""
    toggle = app.page.get_by_test_id("stCheckbox").filter(has_text="Vis aktører som mangler")
    for number, (title, example) in enumerate(EXAMPLES.items()):
        case = example.load()
        app.open_example(title)
        ghosts_on = number % 2 == 0  # the toggle is switched after every example
        gaps = [
            g for g in analyse_case(case, CATALOGUE)["gaps"] if g["level"] in ("must", "should")
        ]
        spec = case_spec(case, show_ghosts=ghosts_on)
        expected = (1 + len(case.actors) + (len(gaps) if ghosts_on else 0), len(case.ties))
        assert counts(spec) == expected, example.name
        state = app.wait_map(*expected)
        assert {node["id"] for node in state["nodes"]} == set(node_data(spec)), example.name
        app.wait_map_nodes(node_data(spec))
        assert_drawn_at_spec_positions(app, spec)

        app.click(toggle.locator("label"), "bryteren for manglende aktører")
        other = case_spec(case, show_ghosts=not ghosts_on)
        app.wait_map(*counts(other))
        app.wait_map_nodes(node_data(other))


def test_aktorkart_draws_the_national_idea_map(app: AppPage):
    app.go_to("Aktørkart")
    spec = idea_spec()
    app.wait_map(*counts(spec))
    app.wait_map_nodes(node_data(spec))
    assert_drawn_at_spec_positions(app, spec)


def test_a_screenshot_of_every_page_is_written(app: AppPage):
    """Every page in the navigation (found at run time), with an example case open."""
    app.open_example(next(iter(EXAMPLES)))
    written = []
    for title in app.nav_links():
        app.go_to(title)
        for index in range(app.map_count()):
            app.wait_map(index=index)
        path = app.screenshot(f"side-{slug(title)}")
        written.append(path)
    for path in written:
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG"), f"{path} er ikke en PNG"
        assert len(data) > 20_000, f"{path} er mistenkelig liten ({len(data)} byte)"
    assert {p.parent for p in written} == {ARTIFACTS}
