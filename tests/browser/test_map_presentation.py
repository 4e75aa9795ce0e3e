"""The presentation mode (graph/render/static/map_present.js) in Chromium: real example
cases drawn through ``network_map``, loaded with ``page.set_content`` (no server), both
scripts inlined as in the offline export.

Which nodes and edges each step shows is worked out here from the case (its actors'
sectors, its ties, the ghosts on the map, the analysis' suggestions), and what the page
shows is read through the test hook: ``window.tverrkart.visible()`` (what the map's
DataSets do not hide) and ``window.tverrkart.present``. Every wait is on a condition of
the page or Playwright's ``expect``; nothing sleeps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graph.analysis import analyse_case
from graph.format.examples import list_examples
from graph.format.model import PERSON_ID, Case
from graph.format.validation import InvalidFileError, validate_case
from graph.interop.export import export_html
from graph.maps import network_map
from graph.reference.catalogue import load_catalogue
from graph.render.html import render_map_html
from graph.storage.practice import practice_copy
from tests.hostile_strings import HOSTILE, PWN

pytestmark = pytest.mark.browser

CATALOGUE = load_catalogue()
EXAMPLES = {example.name: example for example in list_examples()}
READY_JS = "() => !!window.tverrkart && window.tverrkart.ready === true"
TITLES = (
    "Personen",
    "Familie",
    "Venner og nærmiljø",
    "Tjenester",
    "Båndene",
    "Det som mangler",
    "Hvem bør involveres (markert med ring)",
)
SECTOR_STEP = {"familie": 2, "venner_naermiljo": 3, "skole_arbeid_fritid": 3, "tjenester": 4}


@dataclasses.dataclass(frozen=True)
class Expected:
    """What each step (1-based, index 0 unused) must show, worked out from the case."""

    nodes: list[set[str]]
    edges: list[set[str]]
    ringed: set[str]
    all_nodes: set[str]
    all_edges: set[str]
    highlighted: set[str]


def expected(case: Case, html_nodes: list[str], highlighted: set[str]) -> Expected:
    actors = {a.id for a in case.actors}
    ghosts = {n for n in html_nodes if n != PERSON_ID and n not in actors}
    first = {PERSON_ID: 1}
    for actor in case.actors:
        first[actor.id] = SECTOR_STEP[CATALOGUE.types[actor.type].sector]
    for ghost in ghosts:
        first[ghost] = 6
    edge_ids = {f"e{i}" for i in range(len(case.ties))}
    nodes = [set()] + [{n for n, s in first.items() if s <= step} for step in range(1, 8)]
    edges = [set()] + [edge_ids if step >= 5 else set() for step in range(1, 8)]
    ringed: set[str] = set()
    for entry in analyse_case(case, CATALOGUE)["involve"]:
        if entry["kind"] == "gap":
            ringed |= {g for g in ghosts if g.removeprefix("mangler:").rstrip("*") == entry["type"]}
        else:
            ringed |= set(entry["ids"])
    return Expected(nodes, edges, ringed, set(first), edge_ids, highlighted)


@pytest.fixture
def show(page: Page) -> Callable[..., tuple[Page, Expected]]:
    """Load a case's Nettverkskart map into the page; no request may leave, no error."""
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def load(case: Case, **options) -> tuple[Page, Expected]:
        spec = network_map(case, CATALOGUE, **options)
        page.set_content(render_map_html(spec, inline_js=True))
        page.wait_for_function(READY_JS)
        ids = [n.id for n in spec.nodes]
        return page, expected(case, ids, {n.id for n in spec.nodes if n.highlighted})

    yield load
    assert not errors, f"skriptfeil i kartet: {errors}"
    assert not requests, f"kartet gjorde forespørsler: {requests}"


def state(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const t = window.tverrkart;
          const v = t.visible();
          return {step: t.present.step(), active: t.present.active(), mode: t.present.mode(),
                  caption: t.present.caption(), nodes: v.nodes, edges: v.edges,
                  ringed: t.highlighted(), fullscreen: t.fullscreen()};
        }"""
    )


def wait_step(page: Page, step: int) -> dict:
    page.wait_for_function(f"() => window.tverrkart.present.step() === {step}")
    return state(page)


def assert_step(page: Page, step: int, want: Expected) -> None:
    now = wait_step(page, step)
    assert now["active"] is True
    assert now["caption"] == f"Trinn {step} av 7: {TITLES[step - 1]}"
    expect(page.locator("#tk-present-caption")).to_have_text(now["caption"])
    assert set(now["nodes"]) == want.nodes[step], f"trinn {step}"
    assert set(now["edges"]) == want.edges[step], f"trinn {step}"
    assert set(now["ringed"]) == (want.ringed if step == 7 else set()), f"trinn {step}"


def assert_whole_map(page: Page, want: Expected) -> None:
    page.wait_for_function("() => window.tverrkart.present.active() === false")
    now = state(page)
    assert now["step"] == 0 and now["mode"] is None
    assert set(now["nodes"]) == want.all_nodes and set(now["edges"]) == want.all_edges
    assert set(now["ringed"]) == want.highlighted
    expect(page.locator("#tk-present-bar")).to_be_hidden()
    expect(page.get_by_role("button", name="Presenter", exact=True)).to_be_visible()


def start(page: Page) -> None:
    page.get_by_role("button", name="Presenter", exact=True).click()
    page.wait_for_function("() => window.tverrkart.present.active() === true")


# --------------------------------------------------------------------------- the steps


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_keys_go_through_every_step_and_back_and_esc_restores_the_map(show, name):
    case = EXAMPLES[name].load()
    page, want = show(case)
    assert want.ringed, "the example suggests no one to involve: the last step tests nothing"
    assert_whole_map(page, want)
    start(page)
    for step in range(1, 8):
        assert_step(page, step, want)
        page.keyboard.press(("ArrowRight", " ", "PageDown")[step % 3])
    assert_step(page, 7, want)  # no step after the last
    for step in range(7, 0, -1):
        assert_step(page, step, want)
        page.keyboard.press(("ArrowLeft", "PageUp")[step % 2])
    assert_step(page, 1, want)
    page.keyboard.press("End")
    assert_step(page, 7, want)
    page.keyboard.press("Home")
    assert_step(page, 1, want)
    page.keyboard.press("Escape")
    assert_whole_map(page, want)
    expect(page.get_by_role("button", name="Presenter", exact=True)).to_be_focused()


def test_the_buttons_go_through_every_step_and_avslutt_restores_the_map(show):
    case = EXAMPLES["exit-soning"].load()
    page, want = show(case, highlight_actors=[case.actors[0].id])
    assert want.highlighted, "nothing highlighted: restoring the page's rings tests nothing"
    start(page)
    previous = page.get_by_role("button", name="Forrige", exact=True)
    following = page.get_by_role("button", name="Neste", exact=True)
    expect(previous).to_be_disabled()
    for step in range(1, 7):
        assert_step(page, step, want)
        following.click()
    assert_step(page, 7, want)
    expect(following).to_be_disabled()
    for step in range(7, 1, -1):
        previous.click()
        assert_step(page, step - 1, want)
    page.get_by_role("button", name="Avslutt", exact=True).click()
    assert_whole_map(page, want)


def test_space_on_a_focused_button_moves_one_step_not_two(show):
    page, want = show(EXAMPLES["elev-utreise"].load())
    start(page)
    page.get_by_role("button", name="Neste", exact=True).focus()
    page.keyboard.press(" ")
    assert_step(page, 2, want)
    page.keyboard.press("ArrowRight")
    assert_step(page, 3, want)  # had Space also pressed «Neste», this would be step 4


def test_presenting_fills_the_screen_with_larger_labels_and_leaving_puts_them_back(show):
    page, _ = show(EXAMPLES["exit-soning"].load())
    before = page.evaluate("() => window.tverrkart.view()")
    height = page.evaluate("() => document.getElementById('tk-map').clientHeight")
    start(page)
    page.wait_for_function("() => window.tverrkart.fullscreen() === true")
    assert state(page)["mode"] == "fullscreen"
    # The map takes the screen under the caption bar: no less, and not beyond it.
    page.wait_for_function(
        """() => {
          const map = document.getElementById('tk-map').getBoundingClientRect();
          const bar = document.getElementById('tk-present-bar').getBoundingClientRect();
          return map.top >= bar.bottom && map.bottom <= screen.height + 1
            && map.bottom > screen.height - 20 && map.width > screen.width - 20;
        }"""
    )
    expect(page.locator(".tk-toolbar")).to_be_hidden()
    page.get_by_role("button", name="Avslutt", exact=True).click()
    page.wait_for_function("() => window.tverrkart.fullscreen() === false")
    page.wait_for_function(f"() => document.getElementById('tk-map').clientHeight === {height}")
    # The map is fitted again once its box is back (after the resize settles).
    after = page.wait_for_function(
        """(before) => {
          const view = window.tverrkart.view();
          return Math.abs(view.scale - before.scale) <= 1e-3 * before.scale ? view : null;
        }""",
        arg=before,
    ).json_value()
    assert after["labelSize"] == pytest.approx(before["labelSize"])


def test_where_full_screen_is_not_allowed_the_map_fills_the_window(page: Page):
    """In a frame without allow="fullscreen" (as a sandboxed frame without it) the
    presentation covers the frame as an overlay, and Esc leaves it."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    html = render_map_html(network_map(EXAMPLES["ung-nett"].load(), CATALOGUE), inline_js=True)
    page.set_content(
        '<iframe id="host" sandbox="allow-scripts" style="width:900px;height:560px;border:0">'
        "</iframe>"
    )
    page.locator("#host").evaluate("(frame, html) => { frame.srcdoc = html; }", html)
    frame = page.frame_locator("#host")
    inner = next(f for f in page.frames if f != page.main_frame)
    inner.wait_for_function(READY_JS)
    assert inner.evaluate("() => document.fullscreenEnabled") is False
    height = inner.evaluate("() => document.getElementById('tk-map').clientHeight")
    frame.get_by_role("button", name="Presenter", exact=True).click()
    inner.wait_for_function("() => window.tverrkart.present.mode() === 'overlay'")
    # The frame's whole window, the map under the caption bar and inside the window.
    inner.wait_for_function(
        """() => {
          const frame = document.getElementById('tk-frame').getBoundingClientRect();
          const map = document.getElementById('tk-map').getBoundingClientRect();
          const bar = document.getElementById('tk-present-bar').getBoundingClientRect();
          return frame.top === 0 && frame.left === 0 && frame.width === innerWidth
            && frame.height === innerHeight && map.top >= bar.bottom
            && map.bottom <= innerHeight && map.bottom > innerHeight - 20;
        }"""
    )
    assert inner.evaluate("() => window.tverrkart.fullscreen()") is False
    frame.locator("#tk-present-next").click()
    inner.wait_for_function("() => window.tverrkart.present.step() === 2")
    frame.locator("#tk-present-next").press("Escape")
    inner.wait_for_function("() => window.tverrkart.present.active() === false")
    inner.wait_for_function(f"() => document.getElementById('tk-map').clientHeight === {height}")
    overlay = "() => document.getElementById('tk-frame').classList.contains('tk-overlay')"
    assert inner.evaluate(overlay) is False
    assert not errors, errors


# --------------------------------------------------------------------------- cases


def test_a_practice_copy_presents_with_its_replaced_names(show):
    case = validate_case(practice_copy(EXAMPLES["exit-soning"].load(), CATALOGUE))
    page, want = show(case)
    start(page)
    for step in range(1, 8):
        assert_step(page, step, want)
        page.keyboard.press("ArrowRight")
    labels = page.evaluate("() => window.tverrkart.nodes().map((n) => n.label)")
    assert "Personen" in labels


def storable(text: str) -> bool:
    """Whether validation takes the text as a label (control characters are refused)."""
    try:
        validate_case(
            {
                "format": "tverrkart-case/1",
                "person": {"alias": "A"},
                "actors": [{"id": "a", "label": text, "type": "nav"}],
            }
        )
    except InvalidFileError:
        return False
    return True


def hostile_case() -> Case:
    """Every hostile string a case may hold as an actor's label, one as the alias."""
    texts = [h.text for h in HOSTILE if storable(h.text)]
    assert len(texts) > 20
    kinds = ("foresatte", "venner", "skole", "nav")
    return validate_case(
        {
            "format": "tverrkart-case/1",
            "person": {"alias": texts[0][:60], "age": 15, "situation": ["pupil"]},
            "actors": [
                {"id": f"a{i}", "label": text, "type": kinds[i % 4], "closeness": 1 + i % 3}
                for i, text in enumerate(texts)
            ],
            "ties": [{"from": "person", "to": f"a{i}", "kind": "support"} for i in range(4)],
        }
    )


def test_hostile_labels_stay_text_through_every_step(show):
    case = hostile_case()
    page, want = show(case)
    start(page)
    for step in range(1, 8):
        assert_step(page, step, want)
        page.keyboard.press("ArrowRight")
    titles = page.evaluate("() => window.tverrkart.nodes().map((n) => n.title || '')")
    for actor in case.actors:  # the whole label, unchanged, heads its tooltip
        label = actor.label.replace("\r\n", "\n").replace("\r", "\n")
        assert any(t.startswith(label + "\nType: ") for t in titles), actor.label
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("[data-tk-hostile]").count() == 0
    assert page.locator("#tk-present-caption *").count() == 0  # text only, no element
    page.keyboard.press("Escape")
    assert_whole_map(page, want)
    assert PWN  # the strings set window.__pwned if they ever ran


def test_a_hostile_step_title_is_shown_as_text(page: Page):
    from graph.render.spec import PresentationStep

    spec = network_map(EXAMPLES["ung-nett"].load(), CATALOGUE)
    hostile = [h.text for h in HOSTILE]
    steps = tuple(
        dataclasses.replace(step, title=hostile[i]) for i, step in enumerate(spec.presentation)
    )
    assert all(isinstance(s, PresentationStep) for s in steps)
    page.set_content(render_map_html(dataclasses.replace(spec, presentation=steps), inline_js=True))
    page.wait_for_function(READY_JS)
    start(page)
    for step in range(1, 8):
        page.wait_for_function(f"() => window.tverrkart.present.step() === {step}")
        caption = page.locator("#tk-present-caption")
        expect(caption).to_have_text(
            f"Trinn {step} av 7: {hostile[step - 1]}".strip(), use_inner_text=False
        )
        assert caption.locator("*").count() == 0
        page.keyboard.press("ArrowRight")
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("[data-tk-hostile]").count() == 0


# --------------------------------------------------------------------------- offline


def test_the_exported_file_presents_with_no_request(page: Page, tmp_path: Path):
    """The offline guarantee for the presentation: the exported file, opened from disk
    as from a USB stick, runs every step and makes no request at all."""
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    target = tmp_path / "kart.html"
    target.write_text(export_html(EXAMPLES["hjemvendt-familie"].load()), encoding="utf-8")
    page.goto(target.as_uri())
    page.wait_for_function(READY_JS)
    start(page)
    for step in range(1, 8):
        page.wait_for_function(f"() => window.tverrkart.present.step() === {step}")
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.tverrkart.present.active() === false")
    assert requests == [target.as_uri()], requests  # the file itself, nothing else
    assert not errors, errors


def test_each_step_zooms_and_sizes_labels_as_python_decided(show):
    """Every step fits the view to its focus nodes (all of them in view, larger than the
    whole map with its rings and sector names), and labels take the step's labelScale."""
    case = EXAMPLES["exit-soning"].load()
    page, _ = show(case)
    steps = network_map(case, CATALOGUE).presentation
    assert steps[0].label_scale > 1 and all(step.focus for step in steps)
    base = page.evaluate("() => window.tverrkart.view().labelSize")
    start(page)
    page.wait_for_function("() => window.tverrkart.fullscreen() === true")
    for number, step in enumerate(steps, start=1):
        # The whole map fitted at this size, then the step's own view again.
        whole = page.evaluate(
            f"() => {{ window.tverrkart.fit(); const v = window.tverrkart.view();"
            f" window.tverrkart.present.go({number}); return v; }}"
        )
        wait_step(page, number)
        view = page.evaluate("() => window.tverrkart.view()")
        assert view["labelSize"] == pytest.approx(base * step.label_scale), number
        assert view["scale"] > whole["scale"] * (1.1 if number < 4 else 1.0), number
        inside = page.evaluate(
            """(ids) => ids.every((id) => {
              const p = window.tverrkart.domPoint(id);
              const map = document.getElementById('tk-map');
              return p.x >= 0 && p.y >= 0 && p.x <= map.clientWidth && p.y <= map.clientHeight;
            })""",
            list(step.focus),
        )
        assert inside, f"trinn {number}: noen av nodene er utenfor bildet"


# --------------------------------------------------------------------------- the app


def test_nettverkskart_presents_full_screen_from_its_sandboxed_frame(app):
    """In the app the map sits in a sandboxed frame (pages/widgets/map_component.py) that
    may go full screen (allow="fullscreen"); the presentation script comes from the app's
    static folder like map.js, and Esc gives the map back as it was."""
    from .expected import EXAMPLES as TITLED
    from .expected import case_spec, counts

    title = next(t for t in TITLED if "K (27)" in t)
    case = TITLED[title].load()
    spec = case_spec(case)
    app.open_example(title)
    app.wait_map(*counts(spec))
    frame = app.map_frame()
    assert frame.evaluate("() => document.fullscreenEnabled") is True
    frame.get_by_role("button", name="Presenter", exact=True).click()
    frame.wait_for_function("() => window.tverrkart.present.mode() === 'fullscreen'")
    frame.wait_for_function("() => window.tverrkart.fullscreen() === true")
    want = expected(case, [n.id for n in spec.nodes], {n.id for n in spec.nodes if n.highlighted})
    for step in range(1, 8):
        frame.wait_for_function(f"() => window.tverrkart.present.step() === {step}")
        shown = frame.evaluate("() => window.tverrkart.visible()")
        assert set(shown["nodes"]) == want.nodes[step], f"trinn {step}"
        assert set(shown["edges"]) == want.edges[step], f"trinn {step}"
        expect(frame.locator("#tk-present-caption")).to_have_text(
            f"Trinn {step} av 7: {TITLES[step - 1]}"
        )
        frame.locator("#tk-present-bar").press("ArrowRight")
    frame.locator("#tk-present-bar").press("Escape")
    frame.wait_for_function("() => window.tverrkart.present.active() === false")
    frame.wait_for_function("() => window.tverrkart.fullscreen() === false")
    shown = frame.evaluate("() => window.tverrkart.visible()")
    assert set(shown["nodes"]) == want.all_nodes and set(shown["edges"]) == want.all_edges
    assert any("/app/static/map/map_present.js" in url for url in app.guard.requests)
