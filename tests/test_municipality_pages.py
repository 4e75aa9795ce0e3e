"""AppTest for the pages «Kommunens aktørkart» and «Oversikt».

Every page runs; registering an actor through the editor changes the coverage; an
invalid upload or edit shows Norwegian errors and changes nothing.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from pages.widgets import state
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
KOMMUNE = "pages/views/kommune.py"
OVERSIKT = "pages/views/oversikt.py"
EXAMPLE = ROOT / "data" / "municipalities" / "examples" / "holmestrand.json"


def page(path: str) -> AppTest:
    """Run one page on its own (faster than starting at the app's first page)."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("path", "title"), [(KOMMUNE, "Kommunens aktørkart"), (OVERSIKT, "Oversikt")]
)
def test_the_app_lists_and_runs_both_pages(path: str, title: str) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    assert at.title[0].value == title


def shown(element) -> str:
    """The text of a message as a reader sees it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", element.value)


def button(at: AppTest, key: str = "", label: str = ""):
    return next(b for b in at.button if (key and b.key == key) or (label and b.label == label))


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def map_html(at: AppTest) -> str:
    frames = at.get("iframe")
    assert frames, "no map on the page"
    return frames[0].proto.srcdoc


def open_example(at: AppTest) -> None:
    button(at, state.MUNICIPALITY.widget("open_example")).click()
    at.run()
    assert not at.exception


def new_map(at: AppTest, number: str) -> None:
    at.selectbox(key=state.MUNICIPALITY_CHOICE).set_value(number).run()
    button(at, state.MUNICIPALITY.widget("new")).click()
    at.run()
    assert not at.exception


# --------------------------------------------------------------------------- Kommunens aktørkart


def test_the_page_runs_and_asks_for_a_municipality_first() -> None:
    at = page(KOMMUNE)
    assert at.title[0].value == "Kommunens aktørkart"
    assert any("lagres ikke før du trykker" in c.value for c in at.caption)
    assert not at.get("iframe")
    assert len(at.selectbox(key=state.MUNICIPALITY_CHOICE).options) == 357


def test_the_example_draws_actors_gaps_and_usikker_regional_bodies() -> None:
    at = page(KOMMUNE)
    open_example(at)
    assert "Holmestrand (3903)" in at.subheader[0].value
    assert metric(at, "Dekning") == "83 %"
    html = map_html(at)
    for text in ("Holmestrand kommune", "SLT-koordinator", "Sør-Øst politidistrikt"):
        assert text in html
    assert "RVTS Sør\\n(usikker)" in html and "Konfliktrådet Sør-Øst\\n(usikker)" in html
    assert any("usikker" in m.value for m in at.markdown)  # the regional tab's badges


def test_registering_an_actor_through_the_editor_changes_the_coverage() -> None:
    at = page(KOMMUNE)
    new_map(at, "1580")
    assert "Haram (1580)" in at.subheader[0].value
    assert metric(at, "Dekning") == "0 %"
    at.session_state[state.MUNICIPALITY_ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [
            {"type": "Barneverntjenesten", "label": "Barneverntjenesten i Haram", "contact": "1"}
        ],
        "deleted_rows": [],
    }
    button(at, label="Lagre aktører").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    actors = at.session_state[state.MUNICIPALITY.content]["actors"]
    assert actors == [
        {
            "id": "barnevern-1",
            "type": "barnevern",
            "label": "Barneverntjenesten i Haram",
            "contact": "1",
        }
    ]
    assert metric(at, "Dekning") == "10 %"  # must (3) of 30
    assert "Barneverntjenesten i Haram" in map_html(at)


def test_an_invalid_edit_is_refused_and_the_last_good_file_kept() -> None:
    at = page(KOMMUNE)
    open_example(at)
    before = at.session_state[state.MUNICIPALITY.content]
    at.session_state[state.MUNICIPALITY_ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"label": "Uten type"}],
        "deleted_rows": [],
    }
    button(at, label="Lagre aktører").click()
    at.run()
    assert not at.exception
    message = shown(at.error[0])
    assert "Aktørene ble ikke lagret" in message and "type" in message
    assert at.session_state[state.MUNICIPALITY.content] == before


def test_an_invalid_upload_shows_norwegian_errors_and_changes_nothing() -> None:
    at = page(KOMMUNE)
    open_example(at)
    before = at.session_state[state.MUNICIPALITY.content]
    bad = {
        "format": "tverrkart-municipality/1",
        "kommunenummer": "3803",
        "actors": [{"id": "x", "type": "barnvern", "label": ""}],
        "measures": [{"what": "Noe", "responsible": ["y"]}],
    }
    at.file_uploader(key=state.MUNICIPALITY.upload).upload("feil.json", json.dumps(bad).encode())
    at.run()
    assert not at.exception
    message = shown(at.error[0])
    assert "ble ikke åpnet" in message and "uendret" in message
    for expected in (
        "Tønsberg har nå 3905",
        "Mente du «barnevern»",
        "kan ikke være tom",
        "finnes ikke",
    ):
        assert expected in message
    assert at.session_state[state.MUNICIPALITY.content] == before
    assert "Holmestrand (3903)" in at.subheader[0].value


def test_a_file_that_is_not_json_is_refused_plainly() -> None:
    at = page(KOMMUNE)
    at.file_uploader(key=state.MUNICIPALITY.upload).upload("bilde.json", b"\x89PNG\r\n\x1a\n")
    at.run()
    assert not at.exception
    assert "ikke UTF-8" in shown(at.error[0])
    assert state.MUNICIPALITY.content not in at.session_state


def test_a_valid_upload_opens_the_file() -> None:
    at = page(KOMMUNE)
    at.file_uploader(key=state.MUNICIPALITY.upload).upload("holmestrand.json", EXAMPLE.read_bytes())
    at.run()
    assert not at.exception
    assert at.session_state[state.MUNICIPALITY.content]["kommunenummer"] == "3903"
    assert metric(at, "Dekning") == "83 %"


def test_structures_and_measures_are_saved_through_their_forms() -> None:
    at = page(KOMMUNE)
    open_example(at)
    at.radio(key=state.structure_choice("mentorordning")).set_value("Ja")
    button(at, label="Lagre strukturer").click()
    at.run()
    assert at.session_state[state.MUNICIPALITY.content]["structures"]["mentorordning"] is True
    assert metric(at, "Strukturer på plass") == "5 av 5"
    at.session_state[state.MUNICIPALITY_MEASURES_EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"what": "Mentorordning for unge", "responsible": ["NAV [nav]"]}],
        "deleted_rows": [],
    }
    button(at, label="Lagre tiltak").click()
    at.run()
    assert not at.exception and not at.error
    measures = at.session_state[state.MUNICIPALITY.content]["measures"]
    assert measures[-1] == {"what": "Mentorordning for unge", "responsible": ["nav"]}
    assert len(measures) == 19


def test_an_old_number_gets_a_hint() -> None:
    at = page(KOMMUNE)
    at.text_input(key=state.MUNICIPALITY_OLD_NUMBER).set_value("1507").run()
    assert any("1508 Ålesund og 1580 Haram" in shown(c) for c in at.caption)


def test_an_old_number_is_found_and_its_successor_taken_in_one_click() -> None:
    at = page(KOMMUNE)
    box = at.selectbox(key=state.MUNICIPALITY_CHOICE)
    assert any("3905 Tønsberg" in o and "før 2024: 3803" in o for o in box.options)
    at.text_input(key=state.MUNICIPALITY_OLD_NUMBER).set_value("3803").run()
    button(at, label="Bruk 3905 Tønsberg").click()
    at.run()
    assert not at.exception
    assert at.selectbox(key=state.MUNICIPALITY_CHOICE).value == "3905"


def test_hostile_labels_are_shown_as_text() -> None:
    at = page(KOMMUNE)
    new_map(at, "0301")
    at.session_state[state.MUNICIPALITY_ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"type": "Skole", "label": "<img src=x onerror=alert(1)>**fet**"}],
        "deleted_rows": [],
    }
    button(at, label="Lagre aktører").click()
    at.run()
    assert not at.exception
    assert "<img src=x" not in map_html(at)
    for element in at.markdown:
        assert "**fet**" not in element.value  # never rendered as Markdown bold


def test_downloads_are_offered() -> None:
    at = page(KOMMUNE)
    open_example(at)
    labels = [element.proto.label for element in at.get("download_button")]
    assert labels == [
        "Last ned kommunefilen (JSON)",
        "Last ned sammendrag for utskrift (HTML)",
        "Last ned regneark (Excel)",
        "Last ned sammendrag (PDF)",
    ]


# --------------------------------------------------------------------------- Oversikt


def test_oversikt_runs_and_explains_what_to_do_without_files() -> None:
    at = page(OVERSIKT)
    assert at.title[0].value == "Oversikt"
    assert any("Last opp kommunefiler" in info.value for info in at.info)
    assert not at.dataframe


def test_oversikt_shows_the_shipped_example() -> None:
    at = page(OVERSIKT)
    at.toggle(key=state.OVERSIKT_FOLDER).set_value(True).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Kommune"]) == ["Holmestrand"] and list(table["Dekning"]) == [0.83]
    assert len(at.get("vega_lite_chart")) == 3  # the map, the heatmap, what is missing


def synthetic(number: str, types: list[str]) -> bytes:
    actors = [{"id": f"a{i}", "type": t, "label": t} for i, t in enumerate(types)]
    return json.dumps(
        {"format": "tverrkart-municipality/1", "kommunenummer": number, "actors": actors}
    ).encode()


def test_oversikt_reads_many_uploads_filters_and_sorts() -> None:
    at = page(OVERSIKT)
    at.file_uploader(key=state.OVERSIKT_UPLOAD).set_value(
        [
            ("oslo.json", synthetic("0301", ["politi", "barnevern"]), "application/json"),
            ("haram.json", synthetic("1580", []), "application/json"),
            ("tonsberg.json", synthetic("3905", ["barnevern"]), "application/json"),
            ("feil.json", synthetic("3803", []), "application/json"),
        ]
    )
    at.run()
    assert not at.exception
    [error] = at.error
    assert "feil.json" in shown(error) and "Tønsberg har nå 3905" in shown(error)
    table = at.dataframe[0].value
    assert list(table["Kommune"]) == ["Haram", "Tønsberg", "Oslo"]  # lowest coverage first
    at.selectbox(key=state.OVERSIKT_SORT).set_value("name").run()
    assert list(at.dataframe[0].value["Kommune"]) == ["Haram", "Oslo", "Tønsberg"]
    at.multiselect(key=state.OVERSIKT_FYLKER).set_value(["Vestfold"]).run()
    assert list(at.dataframe[0].value["Kommune"]) == ["Tønsberg"]
    at.multiselect(key=state.OVERSIKT_FYLKER).set_value([]).run()
    at.multiselect(key=state.OVERSIKT_DISTRICTS).set_value(["Møre og Romsdal politidistrikt"]).run()
    assert list(at.dataframe[0].value["Kommune"]) == ["Haram"]
    assert metric(at, "Kommuner") == "1 av 3"


def test_oversikt_reads_only_the_folder_the_server_names(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.json").write_bytes(synthetic("0301", ["politi"]))
    (tmp_path / "b.json").write_bytes(synthetic("1508", []))
    monkeypatch.setenv("TVERRKART_MUNICIPALITY_DIR", str(tmp_path))
    at = page(OVERSIKT)
    toggle = at.toggle(key=state.OVERSIKT_FOLDER)
    assert "på serveren (2 filer)" in toggle.label
    toggle.set_value(True).run()
    assert sorted(at.dataframe[0].value["Kommune"]) == ["Oslo", "Ålesund"]
    assert not at.text_input  # no way to type a path


@pytest.mark.parametrize("path", [KOMMUNE, OVERSIKT])
def test_no_external_address_is_loaded_by_the_charts_or_map(path: str) -> None:
    at = page(path)
    if path == KOMMUNE:
        open_example(at)
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", map_html(at))
    else:
        at.toggle(key=state.OVERSIKT_FOLDER).set_value(True).run()
        charts = at.get("vega_lite_chart")
        assert len(charts) == 3  # the map of Norway, the heatmap, what is missing
        for chart in charts:
            spec = json.loads(chart.proto.spec)
            # no data from an address (a bare "url" would also match «Aurland»)
            assert '"url":' not in chart.proto.spec and "http" not in json.dumps(
                spec.get("data", {})
            )
