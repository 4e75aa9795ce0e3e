"""AppTest for the analysis on Nettverkskart: gaps, ghosts, highlights, what-if, figures."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from graph.maps.style import HIGHLIGHT_BORDER_COLOR
from pages.widgets import state
from tests.conftest import ROOT, map_pages

APP = str(ROOT / "app.py")


def _shown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _open(title_part: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    box = at.selectbox(key=state.EXAMPLE_CHOICE)
    box.select(next(o for o in box.options if title_part in o))
    next(b for b in at.button if b.key == state.CASE.widget("open_example")).click()
    at.run()
    assert not at.exception
    return at


def _map(at: AppTest) -> str:
    return map_pages(at)[0]


def _map_data(at: AppTest) -> dict:
    """The map page's data block (graph.render.page.MapPageData), as its script reads it."""
    html = _map(at)
    match = re.search(r'<script type="application/json" id="tk-data">(.*?)</script>', html, re.S)
    assert match, "the map page keeps its data in a JSON block"
    return json.loads(match.group(1))


def _node_data(at: AppTest) -> list[dict]:
    return _map_data(at)["nodes"]


def _highlighted(at: AppTest) -> set[str]:
    return set(_map_data(at)["highlighted"])


def _figures(at: AppTest):
    """The key-figures table (the page has editors and other tables too)."""
    return next(d.value for d in at.dataframe if "Nøkkeltall" in d.value.columns)


def test_summary_counts_the_gaps_by_level():
    # ung-nett: politi (trinn 3), barnevern (trinn 3, under 18), RVTS (nett) and the police's
    # radicalisation contact (an online concern, seed 003) should be involved
    at = _open("J (14)")
    # politi and the radicalisation contact stand in for each other: one need
    line = next(_shown(m.value) for m in at.markdown if "Veilederen ber om" in m.value)
    assert "Bør 3" in line and "Må 0" in line


def test_gaps_panel_names_missing_actors_with_level_and_source():
    at = _open("J (14)")
    titles = [_shown(e.label) for e in at.expander]
    assert any(t.startswith("Bør: Barneverntjenesten") for t in titles), titles
    text = " ".join(_shown(m.value) for m in at.markdown)
    assert "Kilde:" in text and "Nasjonal veileder" in text


def test_missing_actors_are_drawn_as_dashed_ghosts_and_can_be_hidden():
    at = _open("J (14)")
    ghosts = [n for n in _node_data(at) if n["id"].startswith("mangler:")]
    assert {g["id"] for g in ghosts} == {
        "mangler:politi",
        "mangler:barnevern",
        "mangler:rvts",
        "mangler:radikaliseringskontakt",
    }
    assert all(g.get("shapeProperties", {}).get("borderDashes") for g in ghosts)
    at.toggle(key=state.SHOW_GHOSTS).set_value(False).run()
    assert not [n for n in _node_data(at) if n["id"].startswith("mangler:")]


def test_choosing_a_figure_highlights_those_actors():
    at = _open("A (16)")
    at.selectbox(key=state.HIGHLIGHT_CHOICE).set_value("stars").run()
    assert not at.exception
    marked = _highlighted(at)
    assert marked == {"kontaktlaerer", "slt"}


def test_problem_ties_and_unreached_services_are_highlighted_by_default():
    at = _open("A (16)")
    marked = _highlighted(at)
    assert marked == {"helsesykepleier"}
    orange = [e for e in _map_data(at)["edges"] if e.get("color") == HIGHLIGHT_BORDER_COLOR]
    # elev-utreise: kontaktlærer→NAV without basis, SLT→mentor with no basis stated
    assert {(e["from"], e["to"]) for e in orange} == {("kontaktlaerer", "nav"), ("slt", "mentor")}


def test_what_if_shows_gaps_that_would_appear_before_saving():
    at = _open("J (14)")
    before = at.session_state[state.CASE.content]
    at.multiselect(key=state.what_if_field("situation")).set_value(
        ["pupil", "online", "planned_travel"]
    ).run()
    text = " ".join(_shown(m.value) for m in at.markdown)
    assert "Ny mangel" in text and "Barneverntjenesten" in text
    assert at.session_state[state.CASE.content] == before, "trying changes nothing"
    next(b for b in at.button if b.key == state.CASE.widget("whatif_save")).click()
    at.run()
    assert "planned_travel" in at.session_state[state.CASE.content]["person"]["situation"]


def test_key_figures_table_has_a_help_text_for_every_figure():
    at = _open("A (16)")
    figures = _figures(at)
    assert list(figures.columns) == ["Nøkkeltall", "Verdi", "Hva betyr det?"]
    assert figures["Hva betyr det?"].str.len().min() > 20
    assert figures.set_index("Nøkkeltall").loc["Antall aktører", "Verdi"] == "15"


def test_a_gap_names_the_actor_the_municipality_has_registered():
    at = _open("J (14)")  # ung-nett lives in 3903 Holmestrand; barnevern is missing
    assert at.session_state[state.CASE.content].get("municipality") == "3903"
    text = " ".join(_shown(m.value) for m in at.markdown)
    assert "I kommunen:" in text and "954 42 020" in text


def test_a_case_with_billions_of_cliques_opens_and_says_what_was_capped():
    from benchmarks.synthetic import triples_case_dict

    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    data = json.dumps(triples_case_dict(60)).encode()
    at.file_uploader(key=state.CASE.upload).upload("trioer.json", data)
    at.run()  # before issue 9, this ran the server out of memory
    assert not at.exception
    figures = _figures(at).set_index("Nøkkeltall")
    assert figures.loc["Klikker", "Verdi"].startswith("Mer enn 100, viser 100:")
    notes = [_shown(i.value) for i in at.info]
    assert any("Mer enn 100 klikker" in n for n in notes), notes
    at.selectbox(key=state.HIGHLIGHT_CHOICE).set_value("cliques").run()
    assert not at.exception
    assert _highlighted(at)  # the highlight reads the same bounded list
