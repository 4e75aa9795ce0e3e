"""A case or a municipality map as an Excel workbook (openpyxl).

A case gives the sheets «Sak», «Aktører», «Bånd», «Mangler» and «Trinn»
(:mod:`graph.interop.tables`); the first three read back with
:func:`graph.interop.xlsx_in.import_workbook`. A municipality map gives «Aktører»,
«Strukturer», «Mangler», «Regionalt», «Tiltak», «Handlingsrute» and «Merknader», the
same content as its printable summary. Every text goes in as text, never as a formula
(:func:`.cells.text_cell`).

Examples
--------
>>> import io, openpyxl
>>> from graph.format.validation import validate_case
>>> case = validate_case({"format": "tverrkart-case/1", "person": {"alias": "A"},
...     "actors": [{"id": "x", "label": "=HYPERLINK(\\"http://evil/\\")", "type": "venner"}]})
>>> book = openpyxl.load_workbook(io.BytesIO(case_xlsx(case, {})))
>>> book.sheetnames
['Sak', 'Aktører', 'Bånd', 'Mangler', 'Trinn']
>>> cell = book["Aktører"]["B2"]
>>> cell.value, cell.data_type
('=HYPERLINK("http://evil/")', 's')
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from graph.format.model import Case, MunicipalityFile
from graph.interop.cells import text_cell
from graph.interop.tables import Table, case_tables
from graph.municipality.coverage import compute_coverage
from graph.municipality.summary import summary_context
from graph.reference import norway_time
from graph.reference.catalogue import Catalogue, load_catalogue

MAX_COLUMN_WIDTH = 60


def workbook_bytes(tables: Iterable[Table]) -> bytes:
    """Write each table as one sheet (bold header row, frozen, readable widths)."""
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "Tverrkart"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = book.create_sheet(table.name)
        widths = [len(name) for name in table.columns]
        for column, name in enumerate(table.columns, start=1):
            cell = sheet.cell(row=1, column=column)
            text_cell(cell, name)
            cell.font = bold
        for row_number, row in enumerate(table.rows, start=2):
            for column, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, str):
                    text_cell(cell, value)
                    cell.alignment = wrap
                    widths[column - 1] = max(widths[column - 1], len(value))
                else:
                    cell.value = value
        sheet.freeze_panes = "A2"
        for column, width in enumerate(widths, start=1):
            letter = sheet.cell(row=1, column=column).column_letter
            sheet.column_dimensions[letter].width = min(width + 2, MAX_COLUMN_WIDTH)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def case_xlsx(case: Case, analysis: dict, catalogue: Catalogue | None = None) -> bytes:
    """The case and its analysis as a workbook (see the module docs)."""
    return workbook_bytes(case_tables(case, analysis, catalogue))


def municipality_tables(
    municipality: MunicipalityFile, catalogue: Catalogue | None = None
) -> list[Table]:
    """The municipality map's sheets, from the same context as its printable summary."""
    catalogue = catalogue or load_catalogue()
    coverage = compute_coverage(municipality)
    context = summary_context(municipality, coverage, catalogue, norway_time.today())
    actors = municipality.actors  # file order, so a workbook reads back in the same order
    return [
        Table(
            "Aktører",
            ("ID", "Type", "Navn", "Kontakt"),
            [(a.id, catalogue.label(a.type), a.label, a.contact) for a in actors],
        ),
        Table(
            "Strukturer",
            ("Struktur", "Svar"),
            [(s["title"], s["value"]) for s in context["structures"]],
        ),
        Table(
            "Mangler",
            ("Nivå", "Hva", "Begrunnelse"),
            [(m["level"], m["title"], m["reason"]) for m in context["missing"]],
        ),
        Table(
            "Regionalt",
            ("Område", "Navn", "Sikkerhet", "Grunnlag", "Kontakt"),
            [
                (r["scope"], r["name"], r["mark"], r["basis"], r["contact"])
                for r in context["regional"]
            ],
        ),
        Table(
            "Tiltak",
            ("Tiltak", "Ansvarlige"),
            [(m["what"], m["responsible"]) for m in context["measures"]],
        ),
        Table(
            "Handlingsrute",
            ("Trinn", "Hva", "Ansvarlige", "Merknad"),
            [(r["number"], r["what"], r["responsible"], r["note"]) for r in context["route"]],
        ),
        Table(
            "Merknader",
            ("Merknad",),
            [(text,) for text in context["notices"]]
            + (
                [(f"Handlingsplanen gjelder til {context['valid_to']}.",)]
                if context["valid_to"]
                else []
            ),
        ),
    ]


def municipality_xlsx(municipality: MunicipalityFile, catalogue: Catalogue | None = None) -> bytes:
    """The municipality's actor map as a workbook (see the module docs)."""
    return workbook_bytes(municipality_tables(municipality, catalogue))
