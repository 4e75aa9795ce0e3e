"""The «Oversikt» table of many municipalities as an Excel workbook and as PDF.

The workbook has the sheets «Kart» (the map as a picture, when given), «Oversikt» (one
row per municipality, the same columns as the page's table, coverage in percent),
«Mangler oftest» (how many of the municipalities lack each item) and «Om» (when and
what). It is written by
:func:`graph.interop.xlsx_out.workbook_bytes`, so every text, a file name included,
goes in as text and never as a formula (:func:`graph.interop.cells.text_cell`).

The PDF is the same two tables on landscape A4 pages (below the map, when given), from
a Jinja template with autoescaping on, laid out by WeasyPrint through
:mod:`graph.interop.pdf` (imported only when a PDF is made; nothing is fetched from
outside the machine).

Cost: linear in the number of municipalities (at most a few thousand files).

Examples
--------
>>> import io, openpyxl
>>> from graph.municipality.coverage import compute_coverage
>>> from graph.municipality.overview import Entry
>>> from graph.format.validation import validate_municipality
>>> town = validate_municipality({"format": "tverrkart-municipality/1",
...     "kommunenummer": "3903"})
>>> entry = Entry("=HYPERLINK(\\"http://evil/\\").json", compute_coverage(town), town)
>>> book = openpyxl.load_workbook(io.BytesIO(overview_xlsx([entry])))
>>> book.sheetnames
['Oversikt', 'Mangler oftest', 'Om']
>>> sheet = book["Oversikt"]
>>> sheet["B2"].value, sheet["N2"].value, sheet["N2"].data_type
('Holmestrand', '=HYPERLINK("http://evil/").json', 's')
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.drawing.image import Image

from graph.interop.cells import text_cell
from graph.interop.pdf import _environment, html_to_pdf
from graph.interop.tables import Cell, Table
from graph.interop.xlsx_out import workbook_bytes
from graph.municipality.norway import CREDIT
from graph.municipality.overview import Entry, missing_counts, overview_frame
from graph.reference import norway_time

COVERAGE_COLUMN = "Dekning (%)"
NOTE = (
    "Politidistrikt, RVTS-region og konfliktråd er fylt inn ut fra kommunenummeret. "
    "«usikker» og «middels sikker» betyr at det ikke er bekreftet at kommunen hører til "
    "instansen. «Ikke oppgitt» er strukturer kommunen ikke har sagt noe om (ikke det samme "
    "som nei)."
)


def _plain(value: Any) -> Cell:
    """A table value as a sheet cell: numbers as Python ints, text as text.

    Control characters a spreadsheet cannot hold (a file name may have them) become
    U+FFFD, so the rest of the text is kept.

    >>> _plain("a\x07b"), _plain(3)
    ('a\ufffdb', 3)
    """
    if value is None:
        return value
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if hasattr(value, "item"):  # a numpy number from the data frame
        value = value.item()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return str(value)


def overview_tables(entries: Sequence[Entry], printed: dt.date | None = None) -> list[Table]:
    """The overview as tables: «Oversikt», «Mangler oftest» and «Om».

    Parameters
    ----------
    entries : sequence of Entry
        The municipalities, in the order the table should have (as on the page).
    printed : datetime.date, optional
        The day written in «Om» (today in Norway by default).

    Returns
    -------
    list of Table
        One per sheet. Coverage and shares are whole percent.
    """
    frame = overview_frame(entries)
    frame[COVERAGE_COLUMN] = [round(100 * score) for score in frame["Dekning"]]
    columns = [COVERAGE_COLUMN if c == "Dekning" else c for c in overview_frame([]).columns]
    rows = [
        tuple(_plain(value) for value in row)
        for row in frame[columns].itertuples(index=False, name=None)
    ]
    counts = missing_counts(entries)
    missing_rows = [
        (row.Punkt, row.Art, row.Nivå, int(row.Kommuner), round(100 * row.Andel))
        for row in counts.itertuples(index=False)
    ]
    printed = printed or norway_time.today()
    about = [
        ("Laget av", "Tverrkart"),
        ("Dato", printed.isoformat()),
        ("Kommuner", len(entries)),
        ("Merk", NOTE),
    ]
    return [
        Table("Oversikt", tuple(columns), rows),
        Table(
            "Mangler oftest",
            ("Punkt", "Art", "Nivå", "Kommuner", "Andel (%)"),
            missing_rows,
        ),
        Table("Om", ("Hva", "Verdi"), about),
    ]


def overview_xlsx(
    entries: Sequence[Entry], printed: dt.date | None = None, map_png: bytes | None = None
) -> bytes:
    """The overview as an Excel workbook (see the module docs).

    Parameters
    ----------
    entries : sequence of Entry
        The municipalities, in the table's order.
    printed : datetime.date, optional
        The day written in «Om» (today in Norway by default).
    map_png : bytes, optional
        The map as PNG (:func:`graph.municipality.norway.map_picture`); when given, it
        is the first sheet, «Kart», with the map data's credit under it.
    """
    data = workbook_bytes(overview_tables(entries, printed))
    if map_png is None:
        return data
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.create_sheet("Kart", 0)
    text_cell(sheet["A1"], CREDIT)
    picture = Image(io.BytesIO(map_png))
    picture.anchor = "A2"
    sheet.add_image(picture)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def overview_html(
    entries: Sequence[Entry],
    printed: dt.date | None = None,
    title: str = "Oversikt",
    map_svg: str | None = None,
) -> str:
    """The overview as printable HTML (autoescaped; names no outside resource).

    Parameters
    ----------
    entries : sequence of Entry
        The municipalities, in the table's order.
    printed : datetime.date, optional
        The day printed in the footer (today in Norway by default).
    title : str
        The heading, such as the chosen region.
    map_svg : str, optional
        The map as SVG, drawn on this machine by
        :func:`graph.municipality.norway.map_picture` (vl-convert escapes every text in
        it); placed above the tables with the map data's credit.

    Examples
    --------
    >>> from graph.municipality.coverage import compute_coverage
    >>> from graph.municipality.overview import Entry
    >>> from graph.format.validation import validate_municipality
    >>> town = validate_municipality({"format": "tverrkart-municipality/1",
    ...     "kommunenummer": "3903"})
    >>> html = overview_html([Entry("<script>x</script>.json", compute_coverage(town))])
    >>> "<script>x" in html, "&lt;script&gt;x" in html, "Holmestrand" in html
    (False, True, True)
    """
    printed = printed or norway_time.today()
    overview, missing, _ = overview_tables(entries, printed)
    return (
        _environment()
        .get_template("oversikt.html")
        .render(
            title=title,
            printed=printed.isoformat(),
            count=len(entries),
            overview=overview,
            missing=missing,
            note=NOTE,
            map_svg=map_svg,
            credit=CREDIT,
        )
    )


def overview_pdf(
    entries: Sequence[Entry],
    printed: dt.date | None = None,
    title: str = "Oversikt",
    map_svg: str | None = None,
) -> bytes:
    """The overview as PDF bytes (see :func:`overview_html`).

    Raises
    ------
    graph.interop.pdf.PdfUnavailableError
        When WeasyPrint or Pango is missing on this machine.
    """
    return html_to_pdf(overview_html(entries, printed, title, map_svg))
