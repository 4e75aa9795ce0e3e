"""The page widgets of issue 15 (pages/widgets/interop.py), run in AppTest."""

from __future__ import annotations

import io

import openpyxl
from streamlit.testing.v1 import AppTest


def _downloads_script() -> None:
    from graph.analysis import analyse_case
    from graph.format.examples import list_examples
    from graph.format.validation import load_any_bytes
    from pages.widgets.interop import case_downloads, municipality_downloads

    case = list_examples()[0].load()
    case_downloads(case, analyse_case(case), file_stem="sak")
    path = "data/municipalities/examples/holmestrand.json"
    with open(path, "rb") as handle:
        municipality_downloads(load_any_bytes(handle.read()), file_stem="kommune")


def _import_script() -> None:
    import streamlit as st

    from pages.widgets import state
    from pages.widgets.interop import remember_sheet, spreadsheet_import

    upload = st.session_state.get("test.sheet")
    if upload is not None:
        remember_sheet("liste.xlsx", upload)
        del st.session_state["test.sheet"]
    case = spreadsheet_import()
    if case is not None:
        st.session_state[state.CASE.widget("test_accepted")] = [a.id for a in case.actors]


def _municipality_import_script() -> None:
    import streamlit as st

    from graph.format.validation import load_any_bytes
    from pages.widgets import state
    from pages.widgets.interop import municipality_spreadsheet_import, remember_municipality_sheet

    with open("data/municipalities/examples/holmestrand.json", "rb") as handle:
        current = load_any_bytes(handle.read())
    upload = st.session_state.get("test.sheet")
    if upload is not None:
        remember_municipality_sheet("tjenester.xlsx", upload, current)
        del st.session_state["test.sheet"]
    found = municipality_spreadsheet_import(current)
    if found is not None:
        accepted = [a.id for a in found.actors]
        st.session_state[state.MUNICIPALITY.widget("test_accepted")] = accepted


def _sheet(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Aktører"
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _download_labels(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("download_button")]


def test_every_format_has_a_download_button() -> None:
    at = AppTest.from_function(_downloads_script, default_timeout=60).run()
    assert not at.exception, at.exception
    # AppTest lists the buttons column by column: compare without the order.
    assert sorted(_download_labels(at)) == sorted(
        [
            "Last ned saken (JSON)",
            "Last ned kartet (HTML)",
            "Last ned for Gephi (GraphML)",
            "Last ned for Gephi (GEXF)",
            "Last ned tabeller (CSV)",
            "Last ned regneark (Excel)",
            "Last ned møteark (PDF)",
            "Last ned kartet som bilde (SVG)",
            "Last ned regneark (Excel)",
            "Last ned sammendrag (PDF)",
        ]
    )


def test_a_good_sheet_is_previewed_and_opened_only_when_accepted() -> None:
    from pages.widgets import state

    at = AppTest.from_function(_import_script, default_timeout=30)
    at.session_state["test.sheet"] = _sheet([["Navn", "Type"], ["Mor", "foresatte"]])
    at.run()
    assert not at.exception, at.exception
    assert "1 aktører" in at.success[0].value
    assert len(at.dataframe) == 2
    assert state.CASE.widget("test_accepted") not in at.session_state
    next(b for b in at.button if b.key == state.CASE.widget("sheet_accept")).click().run()
    assert at.session_state[state.CASE.widget("test_accepted")] == ["mor"]
    at.run()  # accepted once: the preview is gone
    assert not at.success


def test_a_bad_sheet_lists_every_problem_in_norwegian() -> None:
    at = AppTest.from_function(_import_script, default_timeout=30)
    at.session_state["test.sheet"] = _sheet(
        [["Navn", "Type", "Nærhet"], ["Mor", "Foreldre", 1], ["Skole", "skolle", 9]]
    )
    at.run()
    assert not at.exception, at.exception
    [error] = at.error
    text = error.value.replace("\\", "")
    assert "ble ikke lest" in text
    assert text.count("Ark «Aktører», rad") == 3
    assert "Mente du: Skole" in text
    assert not at.dataframe and not at.button


def test_the_municipality_sheet_is_previewed_and_used_only_when_accepted() -> None:
    from graph.format.validation import load_any_bytes
    from graph.interop.xlsx_out import municipality_xlsx
    from pages.widgets import state

    with open("data/municipalities/examples/holmestrand.json", "rb") as handle:
        current = load_any_bytes(handle.read())
    at = AppTest.from_function(_municipality_import_script, default_timeout=30)
    at.session_state["test.sheet"] = municipality_xlsx(current)
    at.run()
    assert not at.exception, at.exception
    assert f"{len(current.actors)} aktører" in at.success[0].value
    next(b for b in at.button if b.key == state.MUNICIPALITY.widget("sheet_accept")).click().run()
    accepted = at.session_state[state.MUNICIPALITY.widget("test_accepted")]
    assert accepted == [a.id for a in current.actors]
