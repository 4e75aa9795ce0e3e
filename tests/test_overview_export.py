"""The «Oversikt» table as XLSX and PDF (graph/interop/overview.py) and its page buttons."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from graph.format.validation import validate_municipality
from graph.interop.overview import (
    COVERAGE_COLUMN,
    overview_html,
    overview_pdf,
    overview_tables,
    overview_xlsx,
)
from graph.interop.pdf import pdf_unavailable_reason
from graph.municipality.coverage import compute_coverage
from graph.municipality.editing import new_municipality_dict
from graph.municipality.norway import CREDIT, SCORE, map_frame, map_picture, norway_spec, shapes_for
from graph.municipality.overview import Entry, missing_counts, overview_frame
from graph.reference.registry import load_kommuner, region_numbers
from pages.widgets import state
from tests.conftest import ROOT
from tests.hostile_strings import HOSTILE

EXAMPLE = ROOT / "data" / "municipalities" / "examples" / "holmestrand.json"
DAY = dt.date(2026, 11, 30)
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "table"}
ALLOWED_TAGS |= {"thead", "tbody", "tr", "th", "td"}


def entry(content: dict, name: str = "fil.json") -> Entry:
    town = validate_municipality(content)
    return Entry(name, compute_coverage(town), town)


@pytest.fixture(scope="module")
def everyone() -> list[Entry]:
    """Holmestrand's example and an empty file for every other municipality."""
    found = [entry(json.loads(EXAMPLE.read_text(encoding="utf-8")), "holmestrand.json")]
    found += [
        entry(new_municipality_dict(number), f"{number}.json")
        for number in load_kommuner()
        if number != "3903"
    ]
    return found


def test_the_workbook_has_every_row_of_the_overview_table(everyone) -> None:
    book = openpyxl.load_workbook(io.BytesIO(overview_xlsx(everyone, DAY)))
    assert book.sheetnames == ["Oversikt", "Mangler oftest", "Om"]
    sheet = book["Oversikt"]
    rows = list(sheet.iter_rows(values_only=True))
    frame = overview_frame(everyone)
    header = [COVERAGE_COLUMN if c == "Dekning" else c for c in frame.columns]
    assert list(rows[0]) == header
    assert len(rows) == 1 + len(everyone) == 1 + 357
    first = dict(zip(header, rows[1], strict=True))
    assert first["Kommune"] == "Holmestrand" and first["Nr"] == "3903"
    assert first[COVERAGE_COLUMN] == round(100 * everyone[0].coverage.score) == 83
    assert [r[0] for r in rows[1:]] == list(frame["Nr"])
    missing = list(book["Mangler oftest"].iter_rows(values_only=True))
    assert len(missing) == 1 + len(missing_counts(everyone))
    about = dict(book["Om"].iter_rows(min_row=2, values_only=True))
    assert about["Dato"] == "2026-11-30" and about["Kommuner"] == 357


def test_hostile_file_names_stay_text_in_the_workbook() -> None:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    names = [h.text for h in HOSTILE if "\x00" not in h.text] + ['=HYPERLINK("http://evil/")']
    entries = [entry(base, name) for name in names]
    sheet = openpyxl.load_workbook(io.BytesIO(overview_xlsx(entries, DAY)))["Oversikt"]
    column = [c.value for c in sheet[1]].index("Fil") + 1
    for row, name in enumerate(names, start=2):
        cell = sheet.cell(row=row, column=column)
        assert cell.data_type == "s", name
    formula = sheet.cell(row=1 + len(names), column=column)
    assert formula.value == '=HYPERLINK("http://evil/")' and formula.data_type == "s"


def test_the_workbook_can_start_with_the_map_and_still_guards_formulas() -> None:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    entries = [entry(base, '=HYPERLINK("http://evil/")')]
    region = region_numbers(["Vestfold"], [], [], [])
    spec = norway_spec(map_frame(entries), shapes_for(region), SCORE, title="Vestfold", width=400)
    png = map_picture(spec, "png")
    book = openpyxl.load_workbook(io.BytesIO(overview_xlsx(entries, DAY, map_png=png)))
    assert book.sheetnames == ["Kart", "Oversikt", "Mangler oftest", "Om"]
    assert book["Kart"]["A1"].value == CREDIT
    assert len(book["Kart"]._images) == 1
    cell = book["Oversikt"]["N2"]
    assert cell.value == '=HYPERLINK("http://evil/")' and cell.data_type == "s"


def test_the_html_is_escaped_and_names_nothing_outside() -> None:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    html = overview_html([entry(base, h.text) for h in HOSTILE], DAY, title="Vestfold")
    found: list[tuple[str, list]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Tags().feed(html)
    assert {tag for tag, _ in found} <= ALLOWED_TAGS
    assert {name for _, attrs in found for name, _ in attrs} <= {"lang", "charset", "class"}
    assert "<h1>Vestfold</h1>" in html


def test_an_empty_selection_gives_empty_tables() -> None:
    overview, missing, about = overview_tables([], DAY)
    assert overview.rows == [] and missing.rows == []
    assert dict(about.rows)["Kommuner"] == 0


@pytest.mark.skipif(
    pdf_unavailable_reason() is not None or shutil.which("pdftotext") is None,
    reason="WeasyPrint/Pango or pdftotext is not installed",
)
def test_the_pdf_has_every_municipality(everyone, tmp_path: Path) -> None:
    data = overview_pdf(everyone, DAY, title="Hele landet")
    assert data.startswith(b"%PDF")
    path = tmp_path / "oversikt.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    for name in ("Hele landet", "Holmestrand", "Hammerfest", "Hva mangler oftest?"):
        assert name in text, name


@pytest.mark.skipif(
    pdf_unavailable_reason() is not None or shutil.which("pdftotext") is None,
    reason="WeasyPrint/Pango or pdftotext is not installed",
)
def test_the_pdf_has_the_map_above_the_table_with_its_credit(tmp_path: Path) -> None:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    entries = [entry(base, h.text) for h in HOSTILE if "\x00" not in h.text][:5]
    region = region_numbers(["Vestfold"], [], [], [])
    spec = norway_spec(map_frame(entries), shapes_for(region), SCORE, title="Vestfold", width=700)
    svg = map_picture(spec, "svg").decode("utf-8")
    html = overview_html(entries, DAY, title="Vestfold", map_svg=svg)
    found: list[tuple[str, list]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Tags().feed(html)
    tags = {tag for tag, _ in found}
    assert "svg" in tags and not tags & {"script", "foreignobject", "a", "image", "iframe"}
    attributes = {name for _, attrs in found for name, _ in attrs}
    assert not [a for a in attributes if a.startswith("on") or a.endswith("href")]
    path = tmp_path / "kart.pdf"
    path.write_bytes(overview_pdf(entries, DAY, title="Vestfold", map_svg=svg))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert CREDIT in " ".join(text.split()) and "Holmestrand" in text


# --------------------------------------------------------------------------- page
def test_oversikt_offers_the_table_as_xlsx_and_pdf() -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "views" / "oversikt.py"), default_timeout=30)
    at.run()
    at.toggle(key=state.OVERSIKT_FOLDER).set_value(True).run()
    assert not at.exception, at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Last ned tabellen (XLSX)" in labels
    if pdf_unavailable_reason() is None:
        assert "Last ned tabellen (PDF)" in labels
