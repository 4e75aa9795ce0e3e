"""Hostile text in every free-text field and in uploaded files (tests/hostile_strings.py).

For each way in, the test checks that no dialog opens and no request leaves (the guard),
that no script ran and no element was injected, in the page or in any frame (probes:
``window.__pwned``, ``[data-tk-hostile]``, ``javascript:`` links, foreign images), that
the text is shown as typed (in the map's node data, its tooltips, headings and
messages) or refused with a Norwegian message, and that the app still works after it.

Fields that allow it get several strings at once (joined up to the field's length), so
the suite stays quick.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from graph.format.validation import InvalidFileError, validate_municipality
from graph.municipality.coverage import STRUCTURE_LABELS
from graph.reference.catalogue_view import search_types
from graph.render.html import _text as renderer_text
from pages.widgets.ui import WORD_JOINER
from tests.hostile_strings import HOSTILE, TOO_LONG, URLS, Hostile

from .expected import CATALOGUE, EXAMPLES, case_spec, node_data
from .helpers import MAP_IFRAME, OPEN_SECTION, AppPage, DataEditor

pytestmark = pytest.mark.browser

PERSON_TAKEN_IN = "Opplysningene om personen er tatt inn i kartet."

HOSTILE_FILE_NAME = "<img src=x onerror=window.__pwned=1 data-tk-hostile> $\\alert$ [x](y).json"
"""A hostile file name (browsers send a quote in a file name as %22, so it has none)."""
# Services only: a private person's tie is never reported as sharing without a basis
# (FORMATS §4.2), so an informal actor would not be named in the analysis panels.
TYPES = ("skole", "nav", "helse", "barnevern", "kommune", "familievern")
TOOLTIP_CHECKS = {
    "script",
    "img-onerror",
    "svg-script",
    "script-end",
    "iframe-srcdoc",
    "anchor-javascript",
    "entities",
    "markdown-image",
    "right-to-left-override",
    "crlf",
}


def storable(hostile: Hostile) -> bool:
    """Whether validation accepts the text as a name (control characters are refused)."""
    one = {"format": "tverrkart-municipality/1", "kommunenummer": "3903"}
    try:
        validate_municipality({**one, "structures": {hostile.text: True}})
        validate_municipality(
            {**one, "actors": [{"id": "a", "type": "nav", "label": hostile.text}]}
        )
    except InvalidFileError:
        return False
    return True


STORABLE = tuple(h for h in HOSTILE if storable(h))
"""The strings a file or a form may hold (validation refuses control characters, which
no page then shows); the tests that need a valid case or file use these."""


def shown(text: str) -> str:
    """Text as HTML shows it in normal flow: NUL as U+FFFD, white space runs as one space,
    and without the invisible word joiner ``ui.plain`` puts where Markdown would link."""
    return " ".join(text.replace("\x00", "\ufffd").replace(WORD_JOINER, "").split())


def browser_length(text: str) -> int:
    """Length as the browser counts it against ``maxlength``: UTF-16 code units (an emoji
    outside the basic plane counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def batches(items: list[Hostile], limit: int) -> list[str]:
    """Join strings with a space into values of at most ``limit`` characters each (as
    the browser counts them)."""
    values: list[str] = []
    for item in items:
        if browser_length(item.text) > limit:
            continue
        if values and browser_length(values[-1]) + 1 + browser_length(item.text) <= limit:
            values[-1] += " " + item.text
        else:
            values.append(item.text)
    return values


def hostile_case(items: tuple[Hostile, ...] = STORABLE) -> dict:
    """A valid case whose title, alias and actor labels are all hostile.

    Every actor is a service tied to the person with information shared and no legal
    basis, so every label also appears in the analysis panels (as Markdown text).
    """
    actors = [
        {"id": f"h{i}", "label": h.text, "type": TYPES[i % len(TYPES)], "closeness": 1 + i % 3}
        for i, h in enumerate(items)
    ]
    ties = [
        {"from": "person", "to": a["id"], "kind": "support", "info_sharing": True} for a in actors
    ]
    by_name = {h.name: h.text for h in HOSTILE}
    return {
        "format": "tverrkart-case/1",
        "title": f"{by_name['markdown-image']} {by_name['latex']}",
        "person": {"alias": by_name["img-onerror"], "age": 16, "situation": ["pupil"]},
        "actors": actors,
        "ties": ties,
    }


def page_text(app: AppPage, selector: str) -> str:
    return shown(" ".join(app.page.locator(selector).all_inner_texts()))


def tooltip_of(app: AppPage, node_id: str) -> str:
    """Hover a node of the first map and return its tooltip's text as shown.

    Labels are sized for the whole map, so neighbours' label boxes overlap when zoomed
    in; the node is first moved to an empty place of its own (in this page only).
    """
    app.page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    frame = app.map_frame()
    point = frame.evaluate("(id) => window.tverrkart.isolate(id)", node_id)
    canvas = frame.locator("#tk-map canvas").bounding_box()
    assert canvas, "kartet har ingen canvas"
    tooltip = frame.locator("div.vis-tooltip")
    app.page.mouse.move(canvas["x"] + 2, canvas["y"] + 2)
    expect(tooltip).to_be_hidden()
    app.page.mouse.move(canvas["x"] + point["x"], canvas["y"] + point["y"])
    expect(tooltip).to_be_visible()
    return tooltip.evaluate("(t) => t.innerText")


def assert_still_works(app: AppPage) -> None:
    """A normal action afterwards succeeds: open an example and see its map."""
    title = next(t for t in EXAMPLES if "J (14)" in t)
    if not app.page.get_by_role("heading", name="Nettverkskart", exact=True).count():
        app.go_to("Nettverkskart")
    app.open_example(title)
    case = EXAMPLES[title].load()
    app.wait_map_nodes(node_data(case_spec(case)))
    app.assert_no_injection("etter en vanlig handling")


# --------------------------------------------------------------------------- files


def test_a_case_file_with_hostile_text_is_shown_literally(app: AppPage):
    case = hostile_case()
    app.expand(OPEN_SECTION)
    app.upload(json.dumps(case, ensure_ascii=False).encode("utf-8"), HOSTILE_FILE_NAME)
    app.assert_no_injection("etter opplasting")

    # The notice names the file as it is called; the heading is the title as written.
    app.expect_alert("Success", f"Åpnet filen «{HOSTILE_FILE_NAME}».")
    assert shown(case["title"]) in page_text(app, "h3")

    # The map holds every label and tooltip as written (less control characters).
    expected = node_data(case_spec(case))
    app.wait_map_nodes(expected)
    for index, hostile in enumerate(STORABLE):
        if hostile.name in TOOLTIP_CHECKS:
            assert tooltip_of(app, f"h{index}") == expected[f"h{index}"]["title"], hostile.name
    app.assert_no_injection("etter verktøytips i kartet")

    # The analysis panels name every actor, as Markdown-escaped text.
    panel = app.tab("Hva mangler?")
    text = shown(" ".join(panel.get_by_test_id("stMarkdownContainer").all_inner_texts()))
    wrong = [h.name for h in STORABLE if shown(h.text) not in text]
    assert not wrong, f"vises ikke bokstavelig i panelene: {wrong}"

    # The ties editor's dropdown lists the labels as text.
    panel = app.tab("Bånd")
    editor = DataEditor(app, panel)
    editor.open_dropdown(0, "Til")
    app.assert_no_injection("i nedtrekkslisten for bånd")
    editor.close_dropdown()
    assert_still_works(app)


def test_a_case_file_with_a_10000_character_text_is_refused_in_norwegian(app: AppPage):
    case = {
        "format": "tverrkart-case/1",
        "title": TOO_LONG.text,
        "person": {"alias": TOO_LONG.text},
        "actors": [{"id": "a", "label": TOO_LONG.text, "type": "venner"}],
        "ties": [],
    }
    heading = page_text(app, "h3")
    app.expand(OPEN_SECTION)
    app.upload(json.dumps(case).encode("utf-8"), HOSTILE_FILE_NAME)
    app.expect_alert("Error", "ble ikke åpnet")
    errors = [shown(t) for t in app.alerts("Error")]
    assert len(errors) == 1, errors
    assert f"Filen «{shown(HOSTILE_FILE_NAME)}» ble ikke åpnet." in errors[0]
    assert errors[0].count("er for lang: 10000 tegn, høyst 200 er tillatt") == 3, errors[0]
    for where in ("tittel", "alias", "Aktør nr. 1 → navn"):
        assert where in errors[0], f"feilmeldingen sier ikke hvor: {where}"
    assert page_text(app, "h3") == heading, "saken ble endret selv om filen ble avvist"
    app.assert_no_injection("etter avvist fil")
    assert_still_works(app)


MUNICIPALITY_SECTION = "last opp en fil"
"""Part of the header of the open section on «Kommunens aktørkart»."""
MARKUP = "img, a, svg, .katex, strong, em, code, h1, h2, h3"
"""Elements Markdown makes of text; a label from a file must hold none of them."""


def hostile_municipality() -> dict:
    """A valid municipality file whose structure names, actor names and contacts and
    measures are all hostile (issue 9: structure names were rendered as Markdown)."""
    types = ("barnevern", "helse", "nav", "politi", "skole", "familievern")
    actors = [
        {"id": f"h{i}", "type": types[i % len(types)], "label": h.text, "contact": h.text}
        for i, h in enumerate(STORABLE)
    ]
    return {
        "format": "tverrkart-municipality/1",
        "kommunenummer": "3903",
        "actors": actors,
        "structures": {h.text: i % 2 == 0 for i, h in enumerate(STORABLE)},
        "measures": [{"what": h.text, "responsible": [f"h{i}"]} for i, h in enumerate(STORABLE)],
    }


def open_municipality_file(app: AppPage, data: dict) -> None:
    app.go_to("Kommunens aktørkart")
    section = app.expand(MUNICIPALITY_SECTION)
    app.upload(json.dumps(data, ensure_ascii=False).encode("utf-8"), "kommune.json", section)
    app.expect_alert("Success", "Åpnet filen «kommune.json».")


def test_a_municipality_file_with_hostile_structure_names_is_shown_as_text(app: AppPage):
    """Structure names are radio labels (Markdown in Streamlit): each must read as typed
    and hold no image, link or formula; nothing may be fetched from outside."""
    data = hostile_municipality()
    open_municipality_file(app, data)
    panel = app.tab("Strukturer")
    labels = panel.get_by_test_id("stRadio").get_by_test_id("stWidgetLabel")
    expect(labels).to_have_count(len(STRUCTURE_LABELS) + len(STORABLE))
    # The page lists the known structures first, then the file's own sorted by name.
    names = sorted(STORABLE, key=lambda h: h.text)
    own = labels.all()[len(STRUCTURE_LABELS) :]
    marked = [h.name for h, label in zip(names, own, strict=True) if label.locator(MARKUP).count()]
    assert not marked, (
        f"{len(marked)} av {len(names)} strukturnavn ble vist som bilde, lenke, formel "
        f"eller formatering: {marked}"
    )
    texts = [shown(label.inner_text()) for label in own]
    wrong = [h.name for h, text in zip(names, texts, strict=True) if text != shown(h.text)]
    assert not wrong, f"strukturnavn vises ikke slik de er skrevet: {wrong}"
    app.assert_no_injection("i fanen Strukturer")
    for tab in ("Hva mangler?", "Regionalt og nasjonalt", "Aktører", "Tiltak"):
        app.tab(tab)
        app.assert_no_injection(f"i fanen {tab}")

    # The case map names the municipality's actors and contacts for what a case lacks.
    app.go_to("Nettverkskart")
    case = {
        "format": "tverrkart-case/1",
        "title": "Sak i Holmestrand",
        "municipality": "3903",
        "person": {"alias": "A", "age": 16, "situation": ["pupil"]},
        "actors": [],
        "ties": [],
    }
    app.expand(OPEN_SECTION)
    app.upload(json.dumps(case).encode("utf-8"), "sak.json")
    app.expect_alert("Success", "Åpnet filen «sak.json».")
    panel = app.tab("Hva mangler?")
    expect(panel.get_by_text("I kommunen:").first).to_be_attached()  # in closed expanders
    app.assert_no_injection("i «Hva mangler?» med kommunens aktører")
    assert_still_works(app)


def url_case() -> dict:
    """A case whose title, pseudonym and actor labels are bare addresses."""
    actors = [
        {"id": f"u{i}", "label": h.text, "type": TYPES[i % len(TYPES)], "closeness": 1}
        for i, h in enumerate(URLS)
    ]
    return {
        "format": "tverrkart-case/1",
        "title": " ".join(h.text for h in URLS[:3]),
        "person": {"alias": "www.evil.example", "age": 16, "situation": ["pupil"]},
        "actors": actors,
        "ties": [
            {"from": "person", "to": a["id"], "kind": "support", "info_sharing": True}
            for a in actors
        ],
    }


def test_bare_addresses_in_titles_and_names_are_text_not_links(app: AppPage):
    """http://, www., mailto: and e-mail addresses typed into a title, a pseudonym, actor
    names and a saved item's name make no link anywhere, and nothing leaves."""
    case = url_case()
    app.expand(OPEN_SECTION)
    app.upload(json.dumps(case, ensure_ascii=False).encode("utf-8"), "www.evil.example.json")
    app.expect_alert("Success", "Åpnet filen «www.evil.example.json».")
    expect(app.page.locator("h3").first).to_contain_text("evil.example/x")
    app.assert_no_injection("etter opplasting")
    for tab in ("Hva mangler?", "Hvem bør involveres?", "Nøkkeltall", "Personen"):
        app.tab(tab)
        app.assert_no_injection(f"i fanen {tab}")

    # Saved under a name that is an address, then listed on «Lagrede saker».
    storage = app.expand("Lagre i databasen")
    storage.get_by_role("textbox", name="Navn i listen (valgfritt)").fill(
        "https://evil.example/sak"
    )
    storage.get_by_role("textbox", name="Merknad til denne versjonen (valgfritt)").fill(
        "se www.evil.example og mailto:someone@evil.example"
    )
    app.save(
        storage.get_by_role("button", name="Lagre i databasen"),
        "Lagret «https://evil.example/sak» (versjon 1).",
    )
    app.assert_no_injection("etter lagring")
    app.go_to("Lagrede saker")
    app.select("Velg en sak", "https://evil.example/sak")
    expect(app.page.get_by_text("Historikk", exact=True)).to_be_visible()
    app.assert_no_injection("på «Lagrede saker»")
    assert_still_works(app)


# --------------------------------------------------------------------------- typed


def test_hostile_title_and_alias_in_the_person_form(app: AppPage):
    """Both text fields of «Personen», several strings per save; then the 10,000 characters."""
    titles = batches(list(STORABLE), 200)
    aliases = titles[1:] + titles[:1]
    panel = app.tab("Personen")
    title_box = panel.get_by_role("textbox", name="Sakens tittel", exact=True)
    alias_box = panel.get_by_role("textbox", name="Pseudonym", exact=True)
    for title, alias in zip(titles, aliases, strict=True):
        panel = app.tab("Personen")
        # The fields are not in a form: each is taken in (a run) on Enter, as typed.
        typed_title = app.type_and_enter(title_box, title, "tittel")
        typed_alias = app.type_and_enter(alias_box, alias, "pseudonym")
        assert re.sub(r"[\r\n ]", "", typed_title) == re.sub(r"[\r\n ]", "", title)
        app.save("Oppdater kartet", PERSON_TAKEN_IN)
        # The map is drawn after the heading: once it shows the new pseudonym, the run
        # that shows the saved case has drawn the heading too.
        label = renderer_text(typed_alias.strip())
        person = app.wait_map_state("(s, label) => s.nodes[0].label === label", label)
        assert person["nodes"][0]["label"] == label, person
        app.assert_no_injection(f"etter tittel {title[:40]!r}")
        assert shown(typed_title.strip()) in page_text(app, "h3")

    # 10,000 characters do not fit: the field keeps at most 200 (Streamlit ignores the
    # paste), and nothing breaks.
    panel = app.tab("Personen")
    assert len(app.type_and_enter(alias_box, TOO_LONG.text, "10 000 tegn")) <= 200
    app.save("Oppdater kartet", PERSON_TAKEN_IN)
    app.assert_no_injection("etter 10 000 tegn")
    assert len(app.wait_map()["nodes"][0]["label"]) <= 200
    assert_still_works(app)


def test_hostile_actor_labels_typed_into_the_actors_editor(app: AppPage):
    """Every string in the label of a new actor (several per label, joined up to the
    column's 200 characters), typed in the table and taken in at once; then 10,000."""
    labels_typed = [*batches(list(STORABLE), 200), TOO_LONG.text]
    panel = app.tab("Aktører")
    editor = DataEditor(app, panel)
    editor.add_rows(len(labels_typed))
    editor.type_down(0, "Navn eller rolle", labels_typed)
    editor.choose_down(0, "Type", [CATALOGUE.label("venner")] * len(labels_typed))
    editor.flush(0, "Navn eller rolle")
    app.assert_no_injection("mens tabellen ble fylt ut")
    app.save("Oppdater kartet", "Aktørene er tatt inn i kartet.")
    app.assert_no_injection("etter lagring av aktører")

    last = f"venner-{len(labels_typed)}"
    state = app.wait_map_state("(s, id) => s.nodes.some((n) => n.id === id)", last)
    titles = {n["id"]: n["title"] for n in state["nodes"]}
    shown_labels = [
        titles[f"venner-{i + 1}"].split("\nType: ")[0] for i in range(len(labels_typed))
    ]
    for text, label in zip(labels_typed, shown_labels, strict=True):
        typed = text.replace("\r\n", "\n").replace("\r", "\n")  # a textarea's value
        if text is TOO_LONG.text:
            assert label == renderer_text(typed[:200]), "10 000 tegn ble ikke kuttet til 200"
        else:
            assert label == renderer_text(typed), f"{typed[:60]!r}: {label!r}"
    written = " ".join(labels_typed)
    assert all(h.text in written for h in STORABLE), "ikke alle strengene ble skrevet inn"
    assert_still_works(app)


def test_hostile_catalogue_search(app: AppPage):
    app.go_to("Aktørkart")
    search = app.page.get_by_role("textbox", name="Søk", exact=True)
    limit = int(search.get_attribute("maxlength") or 100)
    total = len(CATALOGUE.types)
    for value in [*batches(list(HOSTILE), limit), TOO_LONG.text]:
        typed = app.type_and_enter(search, value, "søk")
        assert len(typed) <= limit
        found = len(search_types(CATALOGUE, typed))
        expect(app.page.get_by_text(f"{found} av {total} aktørtyper", exact=True)).to_be_visible()
        app.assert_no_injection(f"etter søk {value[:40]!r}")
    app.type_and_enter(search, "barnevern", "vanlig søk")
    expect(
        app.page.get_by_text(
            f"{len(search_types(CATALOGUE, 'barnevern'))} av {total} aktørtyper", exact=True
        )
    ).to_be_visible()


# --------------------------------------------------------------------------- every other field

COVERED = {("Nettverkskart", "Sakens tittel"), ("Nettverkskart", "Pseudonym"), ("Aktørkart", "Søk")}
"""Fields with their own test above (which also checks how they show the text)."""
FIELDS = '[data-testid="stTextInput"] input, [data-testid="stTextArea"] textarea'
FORM = "xpath=ancestor::*[@data-testid='stForm'][1]"
CHAINED = {"Lagre i databasen": "lagret", "Lagre ny versjon": "lagret", "Gi nytt navn": "navn"}
"""Forms whose save reruns once more (``st.rerun``) to show its notice, and a word of
that notice and of its refusal (matched without regard to case)."""


def reveal(app: AppPage, tab: str | None) -> bool:
    """Show a tab (if any) and open every expander on the page; False if the tab is gone."""
    if tab:
        if not app.page.get_by_role("tab", name=tab, exact=True).count():
            return False
        app.tab(tab)
    # Every expander, then the closed ones: a locator for "closed" would change under
    # the loop as each one opens.
    for details in app.page.locator("[data-testid=stExpander] details").all():
        if details.is_visible() and details.get_attribute("open") is None:
            app.open_details(details, required=False)
    return True


def discover_fields(app: AppPage, title: str) -> list[tuple[str | None, str]]:
    """Every visible free-text field of a page, as (tab, label), in every tab."""
    app.go_to(title)
    tabs: list[str | None] = [None, *app.page.get_by_role("tab").all_inner_texts()]
    found: list[tuple[str | None, str]] = []
    for tab in tabs:
        reveal(app, tab)
        for field in app.page.locator(FIELDS).filter(visible=True).all():
            label = field.get_attribute("aria-label") or ""
            if (title, label) not in COVERED and label not in {f[1] for f in found}:
                found.append((tab, label))
    return found


def values_for(limit: int) -> list[str]:
    """All hostile strings in values of at most ``limit`` characters; for short fields,
    the distinct beginnings that hold something other than letters and digits."""
    if limit >= 60:
        return batches(list(HOSTILE), limit)
    if limit == 0:
        return []
    starts = dict.fromkeys(h.text[:limit] for h in HOSTILE if not h.text[:limit].isalnum())
    return list(starts)[:4]


def test_hostile_text_in_every_other_free_text_field_of_every_page(app: AppPage):
    """Fields found at run time on every page in the navigation (pages added later too):
    every hostile string goes in, the form is submitted (or Enter pressed), and nothing
    runs, nothing is injected, nothing leaves, and the page keeps working. Fields of one
    form get the same value and one submit."""
    app.open_example(next(iter(EXAMPLES)))
    used: dict[str, int] = {}
    for page in app.nav_links():
        for tab, label in discover_fields(app, page):
            if f"{page}: {label}" in used:
                continue
            app.go_to(page)
            if not reveal(app, tab):
                continue  # the tab belonged to a state that has changed since
            field = app.page.get_by_label(label, exact=True).and_(app.page.locator(FIELDS)).first
            if not field.count() or not app.show(field):
                continue  # gone since it was found (it belonged to a state that changed)
            limit = field_limit(field)
            for value in values_for(limit):
                if not reveal(app, tab) or not field.count() or not app.show(field):
                    break  # the field went away with the last save (e.g. «Navn i listen»)
                fill_and_commit(app, page, field, value, f"«{label}» på «{page}»")
                used[f"{page}: {label}"] = used.get(f"{page}: {label}", 0) + 1
    assert used, "fant ingen andre tekstfelt"
    # What was saved may be shown on other pages: visit them all again.
    for page in app.nav_links():
        app.go_to(page)
        reveal(app, None)
        app.assert_no_injection(f"på «{page}» etterpå")
    assert_still_works(app)


def field_limit(field) -> int:
    """How many characters a field takes: Streamlit ignores a longer value entirely."""
    before = field.input_value()
    limit = 0
    for size in (200, 100, 64, 10, 4, 2, 1):
        field.fill("x" * size)
        if field.input_value() == "x" * size:
            limit = size
            break
    field.fill(before)
    return limit


def fill_and_commit(app: AppPage, page: str, field, value: str, where: str) -> None:
    """Type ``value`` into ``field`` (and into the other text fields of its form that
    have no test of their own), submit the form or press Enter, and check the page.

    Every way of committing waits for the run it starts; a value the field refuses
    (longer than it takes) changes nothing and starts none."""
    form = field.locator(FORM)
    if form.count():
        for each in form.first.locator(FIELDS).filter(visible=True).all():
            if (page, each.get_attribute("aria-label") or "") not in COVERED:
                each.fill(value[: field_limit(each)] if each != field else value)
        submit = form.first.get_by_test_id("stFormSubmitButton").get_by_role("button").first
        label = submit.inner_text()  # with the icon's name, if it has one
        word = next((w for name, w in CHAINED.items() if name in label), None)
        app.click(submit, f"innsending av {where}")
        if word is not None:
            # This form's save calls st.rerun() to show its notice (and may change the
            # form): the page may show "not running" between the two runs, so wait for
            # the notice (or the refusal) that only the second run shows.
            said = app.page.get_by_test_id("stAlertContentSuccess").or_(
                app.page.get_by_test_id("stAlertContentError")
            )
            expect(said.filter(has_text=word).first).to_be_visible()
            app.wait_for_app_run()
    elif field.evaluate("(e) => e.tagName") == "TEXTAREA":
        before = field.input_value()
        field.fill(value)
        if field.input_value() != before:
            app.rerun(lambda: field.press("Control+Enter"), f"Ctrl+Enter i {where}")
    else:
        app.type_and_enter(field, value, f"Enter i {where}")
    app.assert_no_injection(f"etter {value[:30]!r} i {where}")
    assert not app.exceptions(), f"{where}: {app.exceptions()}"
    assert app.heading(), f"{where}: siden har ingen overskrift lenger"
