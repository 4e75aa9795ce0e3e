"""The offline guarantee: every page is visited and used, and nothing leaves 127.0.0.1.

The guard (see helpers.Guard) records every request, web socket and download of the
page; anything bound for another host fails the test with the full list (and the
browser's flags make sure it never reaches a network). The pages are found from the
sidebar navigation (and checked against the ``st.Page`` entries in app.py), so pages
added later are visited too.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from graph.format.editing import endpoint_options, new_actor_id
from graph.format.model import case_to_dict
from graph.format.validation import validate_case
from graph.render.assets import MAP_SCRIPT_URL, STATIC_URL

from .expected import CATALOGUE, EXAMPLES, case_spec, counts, idea_spec, node_data
from .helpers import MAP_IFRAME, OPEN_SECTION, AppPage, DataEditor, declared_pages, is_local

pytestmark = pytest.mark.browser

PERSON_TAKEN_IN = "Opplysningene om personen er tatt inn i kartet."

EXAMPLE = next(title for title in EXAMPLES if "A (16)" in title)
NEW_ACTOR = "Fotballtrener Zeta"


def assert_offline(app: AppPage) -> None:
    """Every request went to 127.0.0.1 (and the recorder did record requests)."""
    requests = app.guard.requests
    assert requests, "ingen forespørsler ble registrert: opptakeren virker ikke"
    assert any(STATIC_URL in url for url in requests), (
        "vis-network ble ikke hentet fra appens egen statiske mappe"
    )
    assert any(MAP_SCRIPT_URL in url for url in requests), (
        "kartskriptet ble ikke hentet fra appens egen statiske mappe"
    )
    leaving = sorted({url for url in requests + app.guard.websockets if not is_local(url)})
    assert not leaving, "Forespørsler forlot 127.0.0.1:\n  " + "\n  ".join(leaving)
    app.guard.assert_clean()


def test_the_navigation_lists_every_page_declared_in_app_py(app: AppPage):
    declared = declared_pages()
    links = app.nav_links()
    assert declared, "fant ingen st.Page(...) i app.py"
    assert len(links) == len(declared), (
        f"sidemenyen har {sorted(links)}, app.py erklærer {[p.path for p in declared]}"
    )
    for page in declared:
        if page.title:
            assert page.title in links, f"«{page.title}» ({page.path}) mangler i sidemenyen"


def test_the_guard_catches_requests_that_leave_and_dialogs(app: AppPage):
    """The harness itself: a request to another host is caught (and gets nothing back),
    and so is a dialog; otherwise a green offline test would prove nothing."""
    app.page.evaluate(
        "() => { const i = new Image(); i.src = 'http://evil.invalid/x.png';"
        " document.body.appendChild(i); }"
    )
    app.page.wait_for_function(
        "() => [...document.images].some((i) => i.src.includes('evil.invalid') && i.complete)"
    )
    assert any("evil.invalid" in url for url in app.guard.external)
    assert app.page.evaluate(
        "() => [...document.images].filter((i) => i.src.includes('evil.invalid'))"
        ".every((i) => i.naturalWidth === 0)"
    ), "bildet fra en annen vert ble lastet"
    assert app.page.evaluate("() => { alert('test'); return 'lukket'; }") == "lukket"
    assert app.guard.dialogs == ["alert: 'test'"]
    app.guard.external.clear()
    app.guard.dialogs.clear()
    app.page.evaluate(
        "() => document.querySelectorAll('img[src*=evil]').forEach((i) => i.remove())"
    )


def test_nettverkskart_used_end_to_end_stays_on_the_machine(app: AppPage, tmp_path):
    # An example.
    app.open_example(EXAMPLE)
    case = case_to_dict(EXAMPLES[EXAMPLE].load())
    n, e = counts(case_spec(case))
    app.wait_map(n, e)

    # Edit through the actors editor: one new actor, saved.
    panel = app.tab("Aktører")
    editor = DataEditor(app, panel)
    editor.add_rows(1)
    row = len(case["actors"])
    editor.type_down(row, "Navn eller rolle", [NEW_ACTOR])
    editor.choose_down(row, "Type", [CATALOGUE.label("fritid")])
    editor.flush(row, "Navn eller rolle")
    app.save("Oppdater kartet", "Aktørene er tatt inn i kartet.")
    new_id = new_actor_id("fritid", [a["id"] for a in case["actors"]])
    case["actors"].append({"id": new_id, "label": NEW_ACTOR, "type": "fritid"})
    app.wait_map_nodes(node_data(case_spec(case)))

    # A tie from the person to the new actor, through the ties editor.
    panel = app.tab("Bånd")
    editor = DataEditor(app, panel)
    editor.add_rows(1)
    row = len(case["ties"])
    # The dropdown texts the page shows for the tie's ends (names, never ids).
    text = {end: shown for shown, end in endpoint_options(validate_case(case)).items()}
    editor.choose_down(row, "Fra", [text["person"]])
    editor.choose_down(row, "Til", [text[new_id]])
    editor.choose_down(row, "Type bånd", ["Støtte"])
    editor.flush(row, "Type bånd")
    app.save("Oppdater kartet", "Båndene er tatt inn i kartet.")
    case["ties"].append({"from": "person", "to": new_id, "kind": "support"})
    n, e = counts(case_spec(case))
    app.wait_map(n, e)

    # The person form.
    panel = app.tab("Personen")
    app.type_and_enter(panel.get_by_label("Pseudonym", exact=True), "B", "pseudonym")
    app.save("Oppdater kartet", PERSON_TAKEN_IN)
    case["person"]["alias"] = "B"
    assert app.wait_map_nodes(node_data(case_spec(case)))

    # "What if": another age, not saved.
    panel = app.tab("Hva om?")
    age = panel.get_by_label("Alder (tomt = ukjent)")
    app.type_and_enter(age, "19", "alder i «Hva om?»")
    panel = app.tab("Hva om?")
    changes = panel.get_by_text(re.compile("Ny mangel|Faller bort|Manglene blir de samme"))
    expect(changes.first, "«Hva om?» viser ingen endring etter ny alder").to_be_attached()

    # The map's own controls: highlight, ghosts off, a legend line, a tooltip.
    app.select("Marker i kartet", "Stjerner")
    toggle = app.page.get_by_test_id("stCheckbox").filter(has_text="Vis aktører som mangler")
    app.click(toggle.locator("label"), "bryteren for manglende aktører")
    n, e = counts(case_spec(case, show_ghosts=False))
    app.wait_map(n, e)
    frame = app.map_frame()
    legend = frame.locator("button.tk-legend-item").first
    legend.click()
    expect(legend).to_have_attribute("aria-pressed", "true")
    hover_node(app, new_id)
    tooltip = frame.locator("div.vis-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(re.compile(f"^{re.escape(NEW_ACTOR)}"))

    # Downloads are served by the app itself, and the case file can be opened again.
    saved = download(app, "Last ned saken (JSON)", tmp_path)
    data = json.loads(saved.decode("utf-8"))
    assert any(a["label"] == NEW_ACTOR for a in data["actors"])
    assert download(app, "Last ned kartet (HTML)", tmp_path).startswith(b"<!DOCTYPE html>")
    assert b"<graphml" in download(app, "Last ned for Gephi (GraphML)", tmp_path)
    app.expand(OPEN_SECTION)
    app.upload(saved, "min-sak.json")
    app.expect_replaced("Åpnet filen «min-sak.json»")
    app.expand(OPEN_SECTION)
    app.press_button("Start en ny, tom sak")
    app.expect_alert("Success", "En ny, tom sak er startet.")
    assert_offline(app)


def test_aktorkart_used_stays_on_the_machine(app: AppPage):
    from graph.reference.catalogue_view import search_types

    app.go_to("Aktørkart")
    n, e = counts(idea_spec())
    app.wait_map(n, e)
    search = app.page.get_by_label("Søk", exact=True)
    app.type_and_enter(search, "barnevern", "søk")
    found = len(search_types(CATALOGUE, "barnevern"))
    caption = f"{found} av {len(CATALOGUE.types)} aktørtyper"
    expect(app.page.get_by_text(caption)).to_be_visible()
    app.select("Velg aktør", CATALOGUE.label("barnevern"))
    expect(app.page.get_by_text(CATALOGUE.label("barnevern"), exact=True).first).to_be_attached()
    app.type_and_enter(search, "finnesikke", "søk uten treff")
    app.expect_alert("Info", "Ingen aktørtyper passer søket. Prøv et annet ord.")
    assert_offline(app)


def test_every_page_in_the_navigation_is_visited_and_used(app: AppPage):
    """Data-driven: every page in the sidebar, including pages added after this test."""
    app.open_example(EXAMPLE)
    titles = list(app.nav_links())
    for title in titles + titles[:1]:
        app.go_to(title)
        use_generically(app, title)
    # Switching pages keeps the session's case.
    heading = app.page.get_by_test_id("stHeading").get_by_text(EXAMPLE, exact=True)
    expect(heading.first).to_be_attached()
    assert_offline(app)


# --------------------------------------------------------------------------- helpers


def use_generically(app: AppPage, title: str) -> None:
    """Open every expander, show every tab and wait for every map on the page."""
    assert app.heading(), f"siden «{title}» har ingen overskrift"
    assert not app.exceptions(), f"siden «{title}» viser en feil: {app.exceptions()}"
    # Every expander, then the closed ones: a locator for "closed" would change under
    # the loop as each one opens.
    for details in app.page.locator("[data-testid=stExpander] details").all():
        if details.is_visible() and details.get_attribute("open") is None:
            app.open_details(details, required=False)
    for tab in app.page.get_by_role("tab").all():
        if tab.is_visible():
            tab.click()
            expect(tab).to_have_attribute("aria-selected", "true")
    for index in range(app.map_count()):
        app.wait_map(index=index)
    assert not app.alerts("Error"), f"siden «{title}» viser feil: {app.alerts('Error')}"


def hover_node(app: AppPage, node_id: str) -> None:
    """Move the mouse over a node of the first map (vis-network shows its tooltip)."""
    app.page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    frame = app.map_frame()
    point = frame.evaluate("(id) => window.tverrkart.domPoint(id)", node_id)
    canvas = frame.locator("#tk-map canvas").bounding_box()
    assert canvas, "kartet har ingen canvas"
    app.page.mouse.move(canvas["x"] + point["x"], canvas["y"] + point["y"])


def download(app: AppPage, label: str, folder) -> bytes:
    with app.page.expect_download() as info:
        app.button(label).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()
